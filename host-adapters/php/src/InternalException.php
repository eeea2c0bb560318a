<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_ERROR: an internal or unexpected error in the library. */
class InternalException extends CopydeskException
{
}
