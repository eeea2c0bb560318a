<?php

declare(strict_types=1);

// The PHP adapter (host-adapters/php) end to end, with PHPUnit.
//
// Run by ctest with COPYDESK_LIBRARY pointing at the built libcopydesk.so, COPYDESK_FFI_HEADER
// at the generated macro-free header and COPYDESK_PHP_SCOPE_HEADER at the ffi.preload header.

use Copydesk\Abi;
use Copydesk\CopydeskException;
use Copydesk\EncodingException;
use Copydesk\Finding;
use Copydesk\InvalidArgumentException;
use Copydesk\IOException;
use Copydesk\Library;
use Copydesk\LimitException;
use Copydesk\RuleException;
use Copydesk\Ruleset;
use Copydesk\Scanner;
use Copydesk\VersionException;
use PHPUnit\Framework\TestCase;

final class PhpAdapterTest extends TestCase
{
    private const ARABIC_VARIANTS = 'قال المتحدث إن وداعش تبنّى الهجوم. وذكر أن دَاعِش خسر مواقعه. '
        . "ثم عاد داعـــش إلى المنطقة. وأضاف أن دا\u{200C}عش ما زال نشطا.";

    private static string $source;
    private static string $testPack;
    private static Ruleset $rules;
    private static Scanner $scanner;
    private static ?Ruleset $shipped = null;

    public static function setUpBeforeClass(): void
    {
        self::$source = dirname(__DIR__, 2);
        // The pack the C ABI, Python and Node tests compile too.
        self::$testPack = (string) file_get_contents(self::$source . '/tests/data/packs/test-pack.toml');
        self::$rules = Ruleset::compileString(self::$testPack, ['origin' => 'test-pack.toml']);
        self::$scanner = self::$rules->scanner();
    }

    private static function shipped(): Ruleset
    {
        return self::$shipped ??= Ruleset::compile(self::$source . '/rules');
    }

    private static function utf16Length(string $s): int
    {
        return intdiv(strlen(mb_convert_encoding($s, 'UTF-16LE', 'UTF-8')), 2);
    }

    /** @return list<array{string, int, int, string, string}> */
    private static function summary(iterable $found): array
    {
        $out = [];
        foreach ($found as $f) {
            $out[] = [$f->ruleId, $f->start, $f->end, $f->severity, $f->message];
        }
        return $out;
    }

    /** Every span names the same text in bytes (substr), code points (mb_substr) and UTF-16. */
    private function assertSlicesExactly(string $text, iterable $found): void
    {
        foreach ($found as $f) {
            $written = substr($text, $f->start, $f->end - $f->start);
            $this->assertNotSame('', $written, $f->ruleId);
            $this->assertSame($written, $f->textIn($text));
            $this->assertSame($written, mb_substr($text, $f->cpStart, $f->cpEnd - $f->cpStart, 'UTF-8'), $f->ruleId);
            $this->assertSame(mb_strlen(substr($text, 0, $f->start), 'UTF-8'), $f->cpStart);
            $this->assertSame(self::utf16Length(substr($text, 0, $f->start)), $f->utf16Start);
            $this->assertSame(self::utf16Length(substr($text, 0, $f->end)), $f->utf16End);
        }
    }

    // ---------------------------------------------------------------- scanning

    public function testArabicVariantsSliceOutTheWrittenForm(): void
    {
        $text = self::ARABIC_VARIANTS;
        $found = self::$scanner->scan($text);
        $this->assertSame(['وداعش', 'دَاعِش', 'داعـــش', "دا\u{200C}عش"],
            array_map(fn (Finding $f) => $f->textIn($text), $found->toArray()));
        foreach ($found as $f) {
            $this->assertSame(['test.isis', 'extremism', 'error'], [$f->ruleId, $f->category, $f->severity]);
        }
        $this->assertSame(['داعش', 'داعش', 'داعش'], array_map(fn ($f) => $f->folded, array_slice($found->toArray(), 1)));
        $this->assertSlicesExactly($text, $found);
    }

    public function testOffsetsAfterEmojiAreBytesCodePointsAndUtf16(): void
    {
        $text = '🙂🙂 تقرير 𝕏 عن داعش 👍🏽 و ISIS militants';
        $found = self::$scanner->scan($text);
        $this->assertSame(['داعش', 'ISIS'], array_map(fn ($f) => $f->textIn($text), $found->toArray()));
        $this->assertSlicesExactly($text, $found);
        foreach ($found as $f) {
            $this->assertSame([1, $f->cpStart + 1], [$f->line, $f->column]);
            $this->assertMatchesRegularExpression('/^[0-9a-f]{16}$/', $f->contextHash);
        }
        // Astral characters: four bytes, two UTF-16 units, one code point.
        $this->assertGreaterThan($found[0]->utf16Start, $found[0]->start);
        $this->assertGreaterThan($found[0]->cpStart, $found[0]->utf16Start);
    }

    public function testOptionsArePassedThrough(): void
    {
        $text = 'داعش والقاعدة';
        $ids = fn (array $o = []) => array_map(fn ($f) => $f->ruleId, self::$scanner->scan($text, $o)->toArray());
        $this->assertSame(['test.isis', 'test.qaeda'], $ids());
        $this->assertSame(['test.qaeda'], $ids(['disable' => 'test.isis']));
        $this->assertSame(['test.qaeda'], $ids(['enable' => ['test.qaeda']]));
        $this->assertSame(['test.isis'], $ids(['minSeverity' => 'error']));
        $explained = self::$scanner->scan($text, ['explain' => true]);
        foreach ($explained as $f) {
            $this->assertNotEmpty($f->explain);
        }
        $this->assertStringContainsString('داعش', $explained[0]->explain);
        $this->assertNull(self::$scanner->scan($text)[0]->explain);
        $html = '<p>أعلن <b>دا</b>عش</p>';
        $this->assertSame(['دا</b>عش'],
            array_map(fn ($f) => $f->textIn($html), self::$scanner->scan($html, ['format' => 'html'])->toArray()));
        $capped = self::$scanner->scan($text, ['maxFindings' => 1]);
        $this->assertSame([1, true], [count($capped), $capped->truncated]);
        $this->assertFalse(self::$scanner->scan($text)->truncated);
    }

    public function testBadOptionValuesAreValueErrors(): void
    {
        foreach ([['format' => 'pdf'], ['minSeverity' => 'fatal'], ['min_severity' => 'error'],
                  ['maxFindings' => -1], ['maxInputBytes' => '10']] as $bad) {
            try {
                self::$scanner->scan('داعش', $bad);
                $this->fail('accepted ' . json_encode($bad));
            } catch (\ValueError $e) {
                $this->assertNotSame('', $e->getMessage());
            }
        }
        $this->expectException(\TypeError::class);
        self::$scanner->scan('داعش', ['enable' => [1, 2]]);
    }

    public function testUnknownEnableNameThrowsInvalidArgument(): void
    {
        try {
            self::$scanner->scan('داعش', ['enable' => 'no-such-rule']);
            $this->fail('no exception');
        } catch (InvalidArgumentException $e) {
            $this->assertInstanceOf(CopydeskException::class, $e);
            $this->assertSame(-3, $e->getCode());
            $this->assertSame('COPYDESK_E_INVALID', $e->getStatusName());
            $this->assertStringContainsString('no-such-rule', $e->getDetail());
            $this->assertStringContainsString('(COPYDESK_E_INVALID)', $e->getMessage());
        }
    }

    public function testNonTextInputIsATypeErrorNeverCoerced(): void
    {
        $stringable = new class () {
            public function __toString(): string
            {
                return 'ISIS';
            }
        };
        foreach ([5, [73, 83, 73, 83], null, 1.5, true, $stringable] as $bad) {
            try {
                self::$scanner->scan($bad);
                $this->fail('accepted ' . get_debug_type($bad));
            } catch (\TypeError $e) {
                $this->assertStringContainsString(get_debug_type($bad), $e->getMessage());
            }
        }
        $this->assertCount(0, self::$scanner->scan(''));
    }

    public function testInvalidUtf8(): void
    {
        $data = "bad \xff\xfe bytes then داعش";
        $found = self::$scanner->scan($data);
        $this->assertSame(['داعش'], array_map(fn ($f) => $f->textIn($data), $found->toArray()));
        $this->assertSame(2, $found->invalidUtf8);
        try {
            self::$scanner->scan($data, ['strictUtf8' => true]);
            $this->fail('no exception');
        } catch (EncodingException $e) {
            $this->assertSame('COPYDESK_E_ENCODING', $e->getStatusName());
            $this->assertStringContainsString('byte 4', $e->getDetail());
        }
    }

    public function testAnInputOverTheLimitThrowsLimitException(): void
    {
        $this->expectException(LimitException::class);
        self::$scanner->scan(str_repeat('داعش ', 10), ['maxInputBytes' => 16]);
    }

    public function testFindingsAreAReadOnlyListYouIterateCountAndIndex(): void
    {
        $found = self::$scanner->scan('داعش والقاعدة');
        $this->assertCount(2, $found);
        $this->assertTrue(isset($found[1]));
        $this->assertFalse(isset($found[2]));
        $this->assertSame('test.qaeda', $found[1]->ruleId);
        $seen = [];
        foreach ($found as $i => $f) {
            $seen[$i] = $f->ruleId;
        }
        $this->assertSame(['test.isis', 'test.qaeda'], $seen);
        $this->expectException(\LogicException::class);
        $found[0] = $found[1];
    }

    public function testRulesetMetadata(): void
    {
        $this->assertCount(3, self::$rules);
        $info = [];
        foreach (self::$rules->rules() as $r) {
            $info[$r->id] = $r;
        }
        ksort($info);
        $this->assertSame(['test.is-abbrev', 'test.isis', 'test.qaeda'], array_keys($info));
        $this->assertSame('warning', $info['test.qaeda']->severity);
        $this->assertSame('extremism', $info['test.isis']->category);
        $this->assertSame(['test', ''], [$info['test.isis']->pack, $info['test.isis']->packVersion]);
        $examples = self::$rules->examples();
        $this->assertCount(6, $examples);
        $first = array_values(array_filter($examples, fn ($e) => $e->text === 'أعلن تنظيم داعش مسؤوليته'))[0];
        $this->assertSame(['test.isis', 'ar', ['داعش']], [$first->ruleId, $first->language, $first->expect]);
    }

    // ---------------------------------------------------------------- compiling

    public function testABadPackThrowsRuleExceptionWithPositions(): void
    {
        $bad = str_replace('title = "ISIS named"', "title = \"ISIS named\"\ncolour = \"red\"", self::$testPack);
        $line = array_search('colour = "red"', explode("\n", $bad), true) + 1;
        try {
            Ruleset::compileString($bad, ['origin' => 'editor.toml']);
            $this->fail('no exception');
        } catch (RuleException $e) {
            $this->assertSame([-4, 'COPYDESK_E_RULES'], [$e->getCode(), $e->getStatusName()]);
            $hits = array_values(array_filter($e->getDiagnostics(), fn ($d) => str_contains($d->message, 'colour')));
            $this->assertCount(1, $hits);
            $d = $hits[0];
            $this->assertSame(['editor.toml', $line, 1, 'error'], [$d->file, $d->line, $d->column, $d->severity]);
            $this->assertStringContainsString("editor.toml:$line:1: unknown key 'colour'", $e->getMessage());
        }
    }

    public function testEveryProblemIsListed(): void
    {
        $bad = str_replace(['severity = "warning"', 'title = "ISIS named"'],
            ['severity = "fatal"', "title = \"ISIS named\"\ncolour = \"red\""], self::$testPack);
        try {
            Ruleset::compileString($bad, ['origin' => 'editor.toml']);
            $this->fail('no exception');
        } catch (RuleException $e) {
            $errors = array_filter($e->getDiagnostics(), fn ($d) => $d->severity === 'error');
            $this->assertGreaterThanOrEqual(2, count($errors));
        }
    }

    public function testAMissingPathThrowsIOException(): void
    {
        $this->expectException(IOException::class);
        $this->expectExceptionMessageMatches('/no-such-rules-dir/');
        Ruleset::compile(self::$source . '/no-such-rules-dir');
    }

    public function testBadCompileArguments(): void
    {
        foreach ([fn () => Ruleset::compile([]), fn () => Ruleset::compile([42]), fn () => Ruleset::compileString(42),
                  fn () => Ruleset::compileString('', ['origin' => 5])] as $call) {
            try {
                $call();
                $this->fail('accepted');
            } catch (\TypeError) {
                $this->addToAssertionCount(1);
            }
        }
        $this->expectException(\ValueError::class);
        Ruleset::compile(self::$source . '/rules', ['exlude' => 'x']);
    }

    public function testExcludeLeavesRulesOut(): void
    {
        $rules = Ruleset::compileString(self::$testPack, ['exclude' => ['test.qaeda']]);
        $this->assertCount(2, $rules);
    }

    // ---------------------------------------------------------------- shipped packs

    public function testTheIsisFinancingArticle(): void
    {
        $text = (string) file_get_contents(self::$source . '/examples/articles/isis-financing-ar.txt');
        $found = self::shipped()->scanner()->scan($text);
        $spans = array_map(fn ($f) => $f->ruleId . '|' . $f->textIn($text), $found->toArray());
        $this->assertContains('extremism.isis|داعش', $spans);
        $this->assertContains('extremism.isis|الدواعش', $spans);
        $this->assertContains('attribution.vague-source|وبحسب مصادر مطلعة', $spans);
        $this->assertNotEmpty(array_filter($found->toArray(), fn ($f) => str_starts_with($f->ruleId, 'figures.')));
        $firstLine = explode("\n", $text)[0];
        $this->assertSame(['extremism.isis', 1], [$found[0]->ruleId, $found[0]->line]);
        $this->assertSame(mb_strlen(substr($firstLine, 0, strpos($firstLine, 'داعش'))) + 1, $found[0]->column);
        $this->assertSlicesExactly($text, $found);
    }

    public function testAnArabicAndEmojiArticleSlicesExactly(): void
    {
        $text = (string) file_get_contents(self::$source . '/tests/data/articles/arabic-emoji-ar.txt');
        $found = self::shipped()->scanner()->scan($text);
        $this->assertGreaterThanOrEqual(8, count($found));
        $categories = array_unique(array_map(fn ($f) => $f->category, $found->toArray()));
        sort($categories);
        $this->assertSame(['attribution', 'extremism', 'figures'], $categories);
        $this->assertSlicesExactly($text, $found);
        $written = array_map(fn ($f) => $f->textIn($text), $found->toArray());
        foreach (['داعـــش', 'دَاعِش', 'الدواعش', "دا\u{200C}عش", 'قالت مصادر مطلعة'] as $w) {
            $this->assertContains($w, $written);
        }
    }

    // ---------------------------------------------------------------- bundles

    public function testBundleRoundTripAndCorruption(): void
    {
        $expected = self::summary(self::$scanner->scan(self::ARABIC_VARIANTS));
        $dir = sys_get_temp_dir() . '/copydesk-php-' . getmypid();
        @mkdir($dir);
        try {
            $path = "$dir/rules.cdb";
            self::$rules->save($path);
            $this->assertSame($expected, self::summary(Ruleset::load($path)->scanner()->scan(self::ARABIC_VARIANTS)));
            $data = (string) file_get_contents($path);
            $this->assertSame($expected, self::summary(Ruleset::loadBytes($data)->scanner()->scan(self::ARABIC_VARIANTS)));

            $corrupted = $data;
            $mid = intdiv(strlen($data), 2);
            $corrupted[$mid] = chr(ord($data[$mid]) ^ 0xff);
            file_put_contents("$dir/broken.cdb", $corrupted);
            foreach ([fn () => Ruleset::load("$dir/broken.cdb"),
                      fn () => Ruleset::loadBytes(substr($data, 0, intdiv(strlen($data), 3)))] as $load) {
                try {
                    $load();
                    $this->fail('a broken bundle loaded');
                } catch (VersionException $e) {
                    $this->assertSame('COPYDESK_E_VERSION', $e->getStatusName());
                }
            }
            $this->expectException(IOException::class);
            Ruleset::load("$dir/missing.cdb");
        } finally {
            array_map('unlink', glob("$dir/*") ?: []);
            @rmdir($dir);
        }
    }

    // ---------------------------------------------------------------- lifetime

    public function testRulesetClosedBeforeItsScanner(): void
    {
        $rules = Ruleset::compileString(self::$testPack);
        $scanner = $rules->scanner();
        $rules->close();
        $rules->close(); // idempotent
        $this->assertTrue($rules->isClosed());
        $this->assertSame(['test.isis'], array_map(fn ($f) => $f->ruleId, $scanner->scan('أعلن داعش')->toArray()));
        unset($rules); // the destructor finds nothing left to free
        $scanner->close();
        try {
            $scanner->scan('داعش');
            $this->fail('a closed scanner scanned');
        } catch (InvalidArgumentException $e) {
            $this->assertStringContainsString('closed', $e->getMessage());
        }
    }

    public function testDestructorsFreeHandlesInAnyOrder(): void
    {
        for ($i = 0; $i < 50; $i++) {
            $scanner = Ruleset::compileString(self::$testPack)->scanner(); // the ruleset goes at once
            $this->assertCount(1, $scanner->scan('داعش'));
            $found = $scanner->scan('داعش');
            unset($scanner); // findings outlive their scanner: they are PHP values
            $this->assertSame('test.isis', $found[0]->ruleId);
        }
    }

    public function testHandlesCannotBeClonedOrConstructed(): void
    {
        try {
            clone self::$scanner;
            $this->fail('cloned');
        } catch (\LogicException) {
            $this->addToAssertionCount(1);
        }
        $this->expectException(\Error::class);
        new Ruleset(); // private constructor
    }

    // ---------------------------------------------------------------- errors

    public function testEachStatusHasItsClass(): void
    {
        $classes = [-1 => Copydesk\InternalException::class, -2 => Copydesk\OutOfMemoryException::class,
            -3 => InvalidArgumentException::class, -4 => RuleException::class, -5 => IOException::class,
            -6 => LimitException::class, -7 => EncodingException::class, -8 => VersionException::class,
            -9 => Copydesk\BusyException::class];
        foreach ($classes as $code => $class) {
            try {
                CopydeskException::check($code);
                $this->fail("no exception for $code");
            } catch (CopydeskException $e) {
                $this->assertSame($class, get_class($e));
                $this->assertSame($code, $e->getCode());
                $this->assertSame(Library::ffi()->copydesk_status_name($code), $e->getStatusName());
            }
        }
        $this->assertSame(0, CopydeskException::check(0));
        try {
            CopydeskException::check(-42);
            $this->fail('no exception');
        } catch (CopydeskException $e) {
            $this->assertSame(CopydeskException::class, get_class($e));
            $this->assertSame('COPYDESK_E_UNKNOWN', $e->getStatusName());
        }
    }

    public function testAnAbiMismatchIsRefused(): void
    {
        Library::verifyAbi(Abi::ABI_VERSION, 'libcopydesk.so');
        $this->assertSame(Abi::ABI_VERSION, Library::ffi()->copydesk_abi_version());
        $this->assertSame(getenv('COPYDESK_LIBRARY'), Library::path());
        $this->expectException(\RuntimeException::class);
        $this->expectExceptionMessageMatches('/ABI version/');
        Library::verifyAbi(Abi::ABI_VERSION + 1, '/x/libcopydesk.so');
    }

    // ---------------------------------------------------------------- the declarations match the header

    public function testEveryFunctionAndRecordOfTheHeaderIsDeclared(): void
    {
        $ffi = (string) file_get_contents((string) getenv('COPYDESK_FFI_HEADER'));
        $body = (string) preg_replace('/typedef struct \w+ \{.*?\} \w+;/s', '', $ffi);
        preg_match_all('/\b(copydesk_\w+)\s*\(/', $body, $m);
        $this->assertGreaterThan(30, count($m[1]));
        $lib = Library::ffi();
        foreach ($m[1] as $name) {
            // FFI::cdef() resolved every symbol; each is reachable as a callable.
            $this->assertIsCallable([$lib, $name], $name);
        }
        $source = implode("\n", array_map('file_get_contents', glob(self::$source . '/host-adapters/php/src/*.php')));
        preg_match_all('/typedef struct (\w+) \{(.*?)\} \w+;/s', $ffi, $records, PREG_SET_ORDER);
        $this->assertCount(7, $records);
        foreach ($records as [, $name, $fields]) {
            $this->assertGreaterThan(0, \FFI::sizeof($lib->type($name)), $name);
            // The adapter fills each record at the version this file declares.
            $constant = strtoupper(substr($name, strlen('copydesk_'))) . '_VERSION';
            $this->assertTrue(defined(Abi::class . "::$constant"), $constant);
            $this->assertStringContainsString("Abi::$constant", $source, "$name is filled without its version");
            $this->assertStringStartsWith('uint32_t version;', trim($fields), $name);
        }
    }

    public function testConstantsMatchTheHeader(): void
    {
        $header = (string) file_get_contents(self::$source . '/plugin/include/copydesk.h');
        preg_match_all('/#define COPYDESK_(\w+) (-?\d+)u?\b/', $header, $m, PREG_SET_ORDER);
        $defines = [];
        foreach ($m as [, $name, $value]) {
            if (!str_starts_with($name, 'VERSION_')) {
                $defines[$name] = (int) $value;
            }
        }
        $this->assertGreaterThan(20, count($defines));
        $declared = (new \ReflectionClass(Abi::class))->getConstants();
        unset($declared['SEVERITY_NAMES'], $declared['FORMATS'], $declared['SEGMENT_KINDS']);
        ksort($declared);
        ksort($defines);
        $this->assertSame($defines, $declared);
    }

    public function testFingerprintIsTheCliOne(): void
    {
        $cli = (string) getenv('COPYDESK_CLI');
        if ($cli === '') {
            $this->markTestSkipped('COPYDESK_CLI is not set (ctest sets it)');
        }
        $article = self::$source . '/tests/data/articles/arabic-emoji-ar.txt';
        $json = json_decode((string) shell_exec(escapeshellarg($cli) . ' scan --no-config --format json --rules '
            . escapeshellarg(self::$source . '/rules') . ' ' . escapeshellarg($article)), true, 512, JSON_THROW_ON_ERROR);
        $expected = array_map(fn ($f) => [$f['rule'], $f['start'], $f['fingerprint']], $json['files'][0]['findings'] ?? $json[0]['findings'] ?? []);
        $this->assertNotEmpty($expected);
        $got = array_map(fn (Finding $f) => [$f->ruleId, $f->start, $f->fingerprint()],
            iterator_to_array(self::shipped()->scanner()->scan((string) file_get_contents($article))));
        $this->assertSame($expected, $got);
    }

    // ---------------------------------------------------------------- under a web server SAPI

    public function testWebSapiNeedsThePreloadAndWorksWithIt(): void
    {
        $cgi = trim((string) shell_exec('command -v php-cgi'));
        if ($cgi === '') {
            $this->markTestSkipped('php-cgi is not installed (Debian: php8.2-cgi)');
        }
        $script = tempnam(sys_get_temp_dir(), 'copydesk-cgi-') . '.php';
        file_put_contents($script, '<?php require ' . var_export(self::$source . '/host-adapters/php/autoload.php', true)
            . '; try { $r = Copydesk\Ruleset::compileString(' . var_export(self::$testPack, true) . ');'
            . ' $t = "🙂 أعلن داعش"; foreach ($r->scanner()->scan($t) as $f) echo $f->textIn($t), "|", Copydesk\Library::path();'
            . ' } catch (Throwable $e) { echo get_class($e), ": ", $e->getMessage(); }');
        try {
            $run = fn (string $ini) => (string) shell_exec(escapeshellarg($cgi) . " -q $ini " . escapeshellarg($script) . ' 2>&1');
            // Debian's default ffi.enable=preload: a clear error that says what to set.
            $this->assertStringContainsString('ffi.preload=', $run('-d ffi.enable=preload'));
            $preloaded = $run('-d ffi.enable=preload -d opcache.enable=1'
                . ' -d ffi.preload=' . escapeshellarg((string) getenv('COPYDESK_PHP_SCOPE_HEADER'))
                . ' -d opcache.preload=' . escapeshellarg(self::$source . '/host-adapters/php/preload.php')
                . ' -d opcache.preload_user=' . escapeshellarg(get_current_user()));
            $this->assertSame('داعش|preloaded scope COPYDESK', $preloaded);
        } finally {
            unlink($script);
        }
    }
}
