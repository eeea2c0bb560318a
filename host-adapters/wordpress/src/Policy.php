<?php

declare(strict_types=1);

namespace CopydeskWP;

/**
 * What a finding does to publishing (docs/wordpress.md, "Actions"):
 * - block: publishing is refused until the finding is fixed or dismissed, with a reason, by a
 *   user with the dismiss capability;
 * - acknowledge: publishing is refused until someone who may edit the post ticks it (or it is
 *   dismissed);
 * - advise: shown only.
 *
 * The action of a finding is, from the first that names it: the settings' line for its rule id,
 * for its category, for its pack; the rule's own `publish` in its pack; the settings' action
 * for its severity.
 *
 * Decisions are the post's audit trail, oldest first, never rewritten: dismiss, acknowledge and
 * revoke records, each with the finding's fingerprint, rule, pack version, who, when and why.
 * A finding's decision is the last record with its fingerprint, unless that is a revoke.
 */
final class Policy
{
    public const ACTIONS = ['block', 'acknowledge', 'advise'];
    public const DEFAULT_SEVERITY_ACTIONS = ['error' => 'block', 'warning' => 'acknowledge', 'info' => 'advise'];

    /**
     * @param array<string, string> $bySeverity severity => action
     * @param array<string, string> $overrides rule id, category or pack => action
     */
    public function __construct(private readonly array $bySeverity, private readonly array $overrides = [])
    {
    }

    /**
     * Reads the settings' overrides: one "name = action" a line, "#" comments and blank lines
     * ignored. Returns [overrides, problems], each problem "line N: ...".
     *
     * @return array{0: array<string, string>, 1: list<string>}
     */
    public static function parseOverrides(string $text): array
    {
        $out = [];
        $problems = [];
        foreach (preg_split('/\r\n|\r|\n/', $text) ?: [] as $n => $line) {
            $line = trim(preg_replace('/#.*/', '', $line) ?? '');
            if ($line === '') {
                continue;
            }
            if (!preg_match('/^([A-Za-z0-9_.\-]+)\s*=\s*([a-z]+)$/', $line, $m)) {
                $problems[] = 'line ' . ($n + 1) . ": expected 'rule-or-category = block|acknowledge|advise', got '$line'";
                continue;
            }
            if (!in_array($m[2], self::ACTIONS, true)) {
                $problems[] = 'line ' . ($n + 1) . ": unknown action '{$m[2]}' (block, acknowledge or advise)";
                continue;
            }
            $out[$m[1]] = $m[2];
        }
        return [$out, $problems];
    }

    /** @param array<string, mixed>|null $rule the rule's description (Engine::rules()) */
    public function actionOf(array $finding, ?array $rule): string
    {
        $pack = (string) ($rule['pack'] ?? strtok((string) $finding['rule'], '.'));
        foreach ([(string) $finding['rule'], (string) $finding['category'], $pack] as $name) {
            if (isset($this->overrides[$name])) {
                return $this->overrides[$name];
            }
        }
        $declared = $rule['publish'] ?? '';
        if (in_array($declared, self::ACTIONS, true)) {
            return $declared;
        }
        return $this->bySeverity[(string) $finding['severity']] ?? self::DEFAULT_SEVERITY_ACTIONS[(string) $finding['severity']] ?? 'advise';
    }

    /**
     * @param list<array<string, mixed>> $records the post's decisions, oldest first
     * @return array<string, array<string, mixed>> fingerprint => its standing dismiss or acknowledge record
     */
    public static function standing(array $records): array
    {
        $out = [];
        foreach ($records as $r) {
            if (!is_array($r) || !isset($r['fingerprint'], $r['decision'])) {
                continue;
            }
            if ($r['decision'] === 'revoke') {
                unset($out[$r['fingerprint']]);
            } else {
                $out[$r['fingerprint']] = $r;
            }
        }
        return $out;
    }

    /**
     * Each finding with its action, its state (open, dismissed, acknowledged), its standing
     * decision and its rule's title and description; and those that stop publishing.
     *
     * @param array{findings: list<array<string, mixed>>, rules: array<string, array<string, mixed>>} $scan
     * @param list<array<string, mixed>> $records
     * @return array{findings: list<array<string, mixed>>, blocking: list<array<string, mixed>>}
     */
    public function evaluate(array $scan, array $records): array
    {
        $standing = self::standing($records);
        $findings = [];
        $blocking = [];
        foreach ($scan['findings'] as $f) {
            $rule = $scan['rules'][$f['rule']] ?? null;
            $f['action'] = $this->actionOf($f, $rule);
            $decision = $standing[$f['fingerprint']] ?? null;
            $f['state'] = match ($decision['decision'] ?? null) {
                'dismiss' => 'dismissed',
                'acknowledge' => 'acknowledged',
                default => 'open',
            };
            // An acknowledgement clears an acknowledge finding only: a block needs a dismissal.
            if ($f['state'] === 'acknowledged' && $f['action'] === 'block') {
                $f['state'] = 'open';
            }
            $f['decision'] = $decision;
            $f['rule_title'] = (string) ($rule['title'] ?? '');
            $f['rule_description'] = (string) ($rule['description'] ?? '');
            $f['pack_version'] = (string) ($rule['pack_version'] ?? '');
            $findings[] = $f;
            if ($f['state'] === 'open' && $f['action'] !== 'advise') {
                $blocking[] = $f;
            }
        }
        return ['findings' => $findings, 'blocking' => $blocking];
    }
}
