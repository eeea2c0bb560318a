<?php

declare(strict_types=1);

namespace Copydesk;

/** COPYDESK_E_ENCODING: strict UTF-8 was asked for and the input is not valid UTF-8. */
class EncodingException extends CopydeskException
{
}
