<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_BUSY: one scanner was used by two threads at once. */
class BusyException extends CopydeskException
{
}
