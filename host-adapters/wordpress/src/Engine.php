<?php

declare(strict_types=1);

namespace CopydeskWP;

/**
 * Scans segments with copydesk: in process through the PHP adapter (host-adapters/php), or
 * through `copydesk serve` on loopback when a service URL is set. Both answer findings in the
 * finding schema of `copydesk scan --format json` (docs/schema/finding.schema.json) — the
 * service writes it, and findingOf() writes the same members from the adapter's Finding — and
 * the rules as GET /v1/rules describes them, keyed by rule id.
 */
final class Engine
{
    /** @var array<string, array{0: \Copydesk\Ruleset, 1: array<string, array<string, mixed>>}> */
    private static array $loaded = [];

    /**
     * @param string $rulesPath packs, one pack, a rule file or a compiled bundle (in process)
     * @param string $adapter the PHP adapter's autoload.php (in process)
     * @param string $serviceUrl "http://127.0.0.1:8765" to scan through copydesk serve, "" in process
     * @param string $cacheDir where compiled bundles of $rulesPath are kept ("" for none)
     * @param callable|null $post fn(string $url, array $headers, string $body, int $timeout): array{int, string}
     */
    public function __construct(
        private readonly string $rulesPath,
        private readonly string $adapter,
        private readonly string $serviceUrl = '',
        private readonly string $token = '',
        private readonly string $cacheDir = '',
        private readonly mixed $post = null,
    ) {
    }

    /**
     * @param list<array{kind: string, id: string, text: string, format: string}> $segments
     * @return array{findings: list<array<string, mixed>>, rules: array<string, array<string, mixed>>}
     * @throws \RuntimeException with a message an editor can act on
     */
    public function scan(array $segments): array
    {
        if ($this->serviceUrl !== '') {
            $answer = $this->call('POST', '/v1/scan', ['segments' => $segments, 'options' => ['explain' => true]]);
            return ['findings' => $answer['findings'] ?? [], 'rules' => $this->serviceRules()];
        }
        [$ruleset, $rules] = $this->ruleset();
        $findings = [];
        foreach ($ruleset->scanner()->scanSegments($segments, ['explain' => true]) as $f) {
            $findings[] = self::findingOf($f, $segments[$f->segmentIndex]['text'] ?? '');
        }
        return ['findings' => $findings, 'rules' => $rules];
    }

    /** @return array<string, array<string, mixed>> every rule, keyed by id */
    public function rules(): array
    {
        return $this->serviceUrl !== '' ? $this->serviceRules() : $this->ruleset()[1];
    }

    /** The members of the finding schema, from the PHP adapter's Finding. */
    public static function findingOf(\Copydesk\Finding $f, string $text): array
    {
        return [
            'rule' => $f->ruleId, 'category' => $f->category, 'severity' => $f->severity, 'message' => $f->message,
            'start' => $f->start, 'end' => $f->end, 'start_utf16' => $f->utf16Start, 'end_utf16' => $f->utf16End,
            'start_cp' => $f->cpStart, 'end_cp' => $f->cpEnd, 'line' => $f->line, 'column' => $f->column,
            'end_line' => $f->endLine, 'end_column' => $f->endColumn, 'text' => $f->textIn($text),
            'visible_start' => $f->visibleStart, 'visible_end' => $f->visibleEnd,
            'visible_start_utf16' => $f->visibleUtf16Start, 'visible_end_utf16' => $f->visibleUtf16End,
            'visible_start_cp' => $f->visibleCpStart, 'visible_end_cp' => $f->visibleCpEnd,
            'visible_text' => $f->visibleText, 'term' => $f->term, 'folded' => $f->folded,
            'fingerprint' => $f->fingerprint(), 'segment' => $f->segmentIndex, 'segment_id' => $f->segmentId,
            'segment_kind' => $f->segmentKind, 'explain' => $f->explain ?? '',
        ];
    }

    /** @return array{0: \Copydesk\Ruleset, 1: array<string, array<string, mixed>>} */
    private function ruleset(): array
    {
        $key = $this->rulesPath;
        if (isset(self::$loaded[$key])) {
            return self::$loaded[$key];
        }
        if ($this->adapter === '' || !is_file($this->adapter)) {
            throw new \RuntimeException("the copydesk PHP adapter is not at '{$this->adapter}' (Settings → copydesk)");
        }
        require_once $this->adapter;
        if ($this->rulesPath === '' || !file_exists($this->rulesPath)) {
            throw new \RuntimeException("no copydesk rules at '{$this->rulesPath}' (Settings → copydesk)");
        }
        try {
            $ruleset = $this->loadRuleset();
        } catch (\Copydesk\CopydeskException $e) {
            throw new \RuntimeException('copydesk rules did not load: ' . $e->getMessage(), 0, $e);
        }
        $rules = [];
        foreach ($ruleset->rules() as $r) {
            $rules[$r->id] = ['id' => $r->id, 'pack' => $r->pack, 'pack_version' => $r->packVersion,
                'category' => $r->category, 'severity' => $r->severity, 'title' => $r->title,
                'message' => $r->message, 'description' => $r->description, 'languages' => $r->languages];
        }
        return self::$loaded[$key] = [$ruleset, $rules];
    }

    /**
     * Packs are compiled once and kept as a bundle in $cacheDir, named after the library
     * version and every rule file's path, size and time, so an edited pack recompiles.
     */
    private function loadRuleset(): \Copydesk\Ruleset
    {
        if (is_file($this->rulesPath) && !str_ends_with($this->rulesPath, '.toml')) {
            return \Copydesk\Ruleset::load($this->rulesPath);  // a bundle from copydesk compile
        }
        if ($this->cacheDir === '') {
            return \Copydesk\Ruleset::compile($this->rulesPath);
        }
        // A bundle of another library build fails to load (COPYDESK_E_VERSION) and is compiled again.
        $lib = \Copydesk\Library::path();
        $stamp = [$lib, is_file($lib) ? (string) filemtime($lib) : '', (string) \Copydesk\Library::ffi()->copydesk_version_string()];
        $files = is_dir($this->rulesPath)
            ? new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->rulesPath, \FilesystemIterator::SKIP_DOTS))
            : [new \SplFileInfo($this->rulesPath)];
        foreach ($files as $file) {
            $stamp[] = $file->getPathname() . ':' . $file->getSize() . ':' . $file->getMTime();
        }
        sort($stamp);
        $bundle = $this->cacheDir . '/rules-' . hash('sha256', implode("\n", $stamp)) . '.cdb';
        if (is_file($bundle)) {
            try {
                return \Copydesk\Ruleset::load($bundle);
            } catch (\Copydesk\CopydeskException) {
                // a bundle of another build: compile again below
            }
        }
        $ruleset = \Copydesk\Ruleset::compile($this->rulesPath);
        if ((is_dir($this->cacheDir) || @mkdir($this->cacheDir, 0775, true)) && is_writable($this->cacheDir)) {
            foreach (glob($this->cacheDir . '/rules-*.cdb') ?: [] as $old) {
                @unlink($old);
            }
            $tmp = $bundle . '.' . getmypid() . '.tmp';
            try {
                $ruleset->save($tmp);
                rename($tmp, $bundle);
            } catch (\Copydesk\CopydeskException) {
                @unlink($tmp);
            }
        }
        return $ruleset;
    }

    /** @return array<string, array<string, mixed>> */
    private function serviceRules(): array
    {
        static $cache = [];
        if (!isset($cache[$this->serviceUrl])) {
            $rules = [];
            foreach ($this->call('GET', '/v1/rules', null)['rules'] ?? [] as $r) {
                $rules[$r['id']] = $r;
            }
            $cache[$this->serviceUrl] = $rules;
        }
        return $cache[$this->serviceUrl];
    }

    /** @return array<string, mixed> the service's JSON answer */
    private function call(string $method, string $path, ?array $body): array
    {
        $headers = ['Content-Type' => 'application/json'];
        if ($this->token !== '') {
            $headers['Authorization'] = 'Bearer ' . $this->token;
        }
        $url = rtrim($this->serviceUrl, '/') . $path;
        [$status, $text] = ($this->post)($method, $url, $headers,
            $body === null ? '' : json_encode($body, JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR), 15);
        $json = json_decode($text, true);
        if ($status !== 200 || !is_array($json)) {
            $why = is_array($json) ? ($json['error']['message'] ?? $text) : ($status === 0 ? $text : "HTTP $status");
            throw new \RuntimeException("copydesk serve at {$this->serviceUrl}: $why");
        }
        return $json;
    }
}
