<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_IO: a file or directory could not be read or written. */
class IOException extends CopydeskException
{
}
