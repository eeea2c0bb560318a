<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_NOMEM: an allocation failed. */
class OutOfMemoryException extends CopydeskException
{
}
