<?php

declare(strict_types=1);

namespace Copydesk;

use FFI\CData;

/**
 * Compiled, immutable rules. Build with compile(), compileString(), load() or loadBytes();
 * make a Scanner with scanner(). count($rules) is the number of rules.
 */
final class Ruleset extends Handle implements \Countable
{
    protected const KIND = 'ruleset';
    protected const FREE = 'copydesk_ruleset_free';
    private const COMPILE_KEYS = ['exclude', 'regexMaxMem', 'origin'];

    /** @var list<Diagnostic> warnings the compiler reported (a successful compile has no errors) */
    public readonly array $warnings;

    /** @param list<Diagnostic> $warnings */
    private function __construct(CData $handle, array $warnings = [])
    {
        parent::__construct($handle);
        $this->warnings = $warnings;
    }

    /**
     * Compile rule packs from directories of packs, pack directories or rule files.
     * Options: exclude (rule ids, packs or categories left out: "a,b" or a list), regexMaxMem.
     *
     * @param string|list<string> $paths
     * @param array{exclude?: string|list<string>, regexMaxMem?: int} $options
     * @throws RuleException with every diagnostic, IOException when a path cannot be read
     */
    public static function compile(string|array $paths, array $options = []): self
    {
        $paths = is_string($paths) ? [$paths] : $paths;
        if ($paths === [] || array_filter($paths, 'is_string') !== $paths) {
            throw new \TypeError('Ruleset::compile() takes a path or a non-empty list of paths');
        }
        self::checkKeys($options, ['exclude', 'regexMaxMem'], 'compile');
        return self::build(array_map(fn ($p) => ['path', $p, null], $paths), $options);
    }

    /**
     * Compile one pack written as a single TOML document ([pack], then [[rule]]s), e.g. from
     * a CMS setting. Options: origin (names it in diagnostics), exclude, regexMaxMem.
     *
     * @param array{origin?: string, exclude?: string|list<string>, regexMaxMem?: int} $options
     */
    public static function compileString(mixed $toml, array $options = []): self
    {
        if (!is_string($toml)) {
            throw new \TypeError('Ruleset::compileString() takes the TOML as a string, not ' . get_debug_type($toml));
        }
        self::checkKeys($options, self::COMPILE_KEYS, 'compile');
        $origin = $options['origin'] ?? null;
        if ($origin !== null && !is_string($origin)) {
            throw new \TypeError('origin must be a string');
        }
        unset($options['origin']);
        return self::build([['string', $toml, $origin]], $options);
    }

    /**
     * Load a bundle written by save() without recompiling.
     *
     * @throws VersionException for a bundle of another library version or CPU, or a corrupted
     *         one (recompile from the TOML sources then); IOException when unreadable
     */
    public static function load(string $path): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('copydesk_ruleset*');
        CopydeskException::check($ffi->copydesk_ruleset_load(\FFI::addr($out), $path));
        return new self($out);
    }

    /** load() from the bundle's bytes (e.g. read from a cache or a database). */
    public static function loadBytes(string $bundle): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('copydesk_ruleset*');
        CopydeskException::check($ffi->copydesk_ruleset_load_memory(\FFI::addr($out), $bundle, strlen($bundle)));
        return new self($out);
    }

    /** Write a compiled bundle that load() reads back without recompiling. */
    public function save(string $path): void
    {
        CopydeskException::check(Library::ffi()->copydesk_ruleset_save($this->live(), $path));
    }

    /** A new Scanner over these rules (it keeps them alive inside the library). */
    public function scanner(): Scanner
    {
        return Scanner::adopt($this->live());
    }

    public function count(): int
    {
        return Library::ffi()->copydesk_ruleset_rule_count($this->live());
    }

    /** @return list<RuleInfo> every rule */
    public function rules(): array
    {
        $ffi = Library::ffi();
        $rs = $this->live();
        $out = [];
        for ($i = 0, $n = $ffi->copydesk_ruleset_rule_count($rs); $i < $n; $i++) {
            $r = $ffi->new('copydesk_rule_info');
            $r->version = Abi::RULE_INFO_VERSION;
            CopydeskException::check($ffi->copydesk_ruleset_rule_get(\FFI::addr($r), $rs, $i));
            $out[] = new RuleInfo(self::str($r->id), self::str($r->category), self::severityName($r->severity),
                self::str($r->title), self::str($r->message), self::str($r->description),
                array_values(array_filter(explode("\n", self::str($r->references)), 'strlen')),
                self::str($r->source), array_values(array_filter(explode(',', self::str($r->languages)), 'strlen')),
                self::str($r->pack), self::str($r->pack_version), self::str($r->publish));
        }
        return $out;
    }

    /** @return list<Example> every [[example]] of every rule ($expect: what it must flag; [] = clean) */
    public function examples(): array
    {
        $ffi = Library::ffi();
        $rs = $this->live();
        $out = [];
        for ($i = 0, $n = $ffi->copydesk_ruleset_example_count($rs); $i < $n; $i++) {
            $e = $ffi->new('copydesk_example');
            $e->version = Abi::EXAMPLE_VERSION;
            CopydeskException::check($ffi->copydesk_ruleset_example_get(\FFI::addr($e), $rs, $i));
            $expect = [];
            for ($j = 0; $j < $e->expect_count; $j++) {
                $expect[] = self::str($ffi->copydesk_ruleset_example_expect($rs, $i, $j));
            }
            $out[] = new Example(self::str($e->rule_id), self::str($e->language), self::str($e->text), $expect,
                self::str($e->source), $e->line,
                array_search($e->segment_kind, Abi::SEGMENT_KINDS, true) ?: 'body');
        }
        return $out;
    }

    /** @param list<array{0: string, 1: string, 2: ?string}> $sources */
    private static function build(array $sources, array $options): self
    {
        $ffi = Library::ffi();
        $opts = $ffi->new('copydesk_compile_options');
        CopydeskException::check($ffi->copydesk_compile_options_init(\FFI::addr($opts), Abi::COMPILE_OPTIONS_VERSION));
        $opts->regex_max_mem = self::limit($options['regexMaxMem'] ?? null, 'regexMaxMem');
        $exclude = self::cString(self::nameList($options['exclude'] ?? null, 'exclude')); // alive during the call
        $opts->exclude = $exclude === null ? null : $ffi->cast('const char *', $exclude);
        $compiler = $ffi->new('copydesk_compiler*');
        CopydeskException::check($ffi->copydesk_compiler_new(\FFI::addr($compiler), \FFI::addr($opts)));
        try {
            foreach ($sources as [$kind, $data, $origin]) {
                if ($kind === 'path') {
                    CopydeskException::check($ffi->copydesk_compiler_add_path($compiler, $data));
                } else {
                    CopydeskException::check($ffi->copydesk_compiler_add_string($compiler, $data, strlen($data), $origin));
                }
            }
            $ruleset = $ffi->new('copydesk_ruleset*');
            $status = $ffi->copydesk_compiler_build(\FFI::addr($ruleset), $compiler);
            if ($status === Abi::E_RULES) {
                $e = CopydeskException::forStatus($status);
                throw new RuleException($status, $e->getStatusName(), $e->getDetail(), self::diagnostics($compiler));
            }
            CopydeskException::check($status);
            return new self($ruleset, self::diagnostics($compiler));
        } finally {
            $ffi->copydesk_compiler_free($compiler);
        }
    }

    /** @return list<Diagnostic> */
    private static function diagnostics(CData $compiler): array
    {
        $ffi = Library::ffi();
        $out = [];
        for ($i = 0, $n = $ffi->copydesk_compiler_diagnostic_count($compiler); $i < $n; $i++) {
            $d = $ffi->new('copydesk_diagnostic');
            $d->version = Abi::DIAGNOSTIC_VERSION;
            CopydeskException::check($ffi->copydesk_compiler_diagnostic_get(\FFI::addr($d), $compiler, $i));
            $out[] = new Diagnostic(self::str($d->file), $d->line, $d->column, self::severityName($d->severity),
                self::str($d->rule_id), self::str($d->message));
        }
        return $out;
    }
}
