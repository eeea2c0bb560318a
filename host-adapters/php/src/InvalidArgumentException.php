<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_INVALID: a bad argument or misuse (unknown rule name, closed handle...). */
class InvalidArgumentException extends CopydeskException
{
}
