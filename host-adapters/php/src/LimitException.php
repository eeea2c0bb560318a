<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_LIMIT: the input or the result is beyond a configured limit. */
class LimitException extends CopydeskException
{
}
