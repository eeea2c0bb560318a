<?php

declare(strict_types=1);

namespace Copydesk;

/**
 * COPYDESK_E_RULES: rule sources failed to compile. getDiagnostics() lists every problem
 * (errors and warnings); getMessage() lists them as "file:line:col: message" lines.
 */
class RuleException extends CopydeskException
{
    /** @param list<Diagnostic> $diagnostics */
    public function __construct(int $status, string $statusName, string $detail, private readonly array $diagnostics = [])
    {
        parent::__construct($status, $statusName, $detail);
        if ($diagnostics) {
            $this->message .= "\n" . implode("\n", array_map('strval', $diagnostics));
        }
    }

    /** @return list<Diagnostic> */
    public function getDiagnostics(): array
    {
        return $this->diagnostics;
    }
}
