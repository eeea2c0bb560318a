<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_VERSION: a bundle from another library version or CPU, or a corrupted one; recompile from the TOML sources. */
class VersionException extends CopydeskException
{
}
