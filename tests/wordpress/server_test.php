<?php

declare(strict_types=1);

// usage: php server_test.php WORDPRESS_DIR   (run by run.sh, inside a freshly installed WordPress)
//
// The plugin's server side in a real WordPress: the check route on the editor's segments, the
// same findings from the saved post, publishing refused through REST and wp_insert_post while a
// block or acknowledge finding is open, dismissals (capability, reason, audit record, export,
// revoke), a dismissal that survives edits elsewhere and comes back when its sentence changes,
// settings overrides, and copydesk serve giving the same findings as the PHP adapter.

$wpDir = $argv[1];
$url = (string) getenv('COPYDESK_TEST_URL');
$_SERVER['HTTP_HOST'] = parse_url($url, PHP_URL_HOST) . ':' . parse_url($url, PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require $wpDir . '/wp-load.php';

$passed = 0;
$failed = 0;
function check(bool $ok, string $what, mixed $detail = null): bool
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
        echo "ok   $what\n";
    } else {
        $failed++;
        echo "FAIL $what" . ($detail === null ? '' : ': ' . json_encode($detail, JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT)) . "\n";
    }
    return $ok;
}

function rest(string $method, string $route, array $body = [], array $query = []): WP_REST_Response
{
    $r = new WP_REST_Request($method, $route);
    if ($body) {
        $r->set_header('Content-Type', 'application/json');
        $r->set_body(json_encode($body, JSON_UNESCAPED_UNICODE));
    }
    foreach ($query as $k => $v) {
        $r->set_query_params(array_merge($r->get_query_params(), [$k => $v]));
    }
    return rest_ensure_response(rest_get_server()->dispatch($r));
}

function as_user(string $login): void
{
    wp_set_current_user(get_user_by('login', $login)->ID);
}

$article = require __DIR__ . '/article.php';

/** The block markup WordPress saves for the article's blocks. */
function markup(array $blocks): string
{
    $out = [];
    foreach ($blocks as $b) {
        $out[] = match ($b['name']) {
            'core/paragraph' => "<!-- wp:paragraph -->\n<p>{$b['content']}</p>\n<!-- /wp:paragraph -->",
            'core/image' => "<!-- wp:image -->\n<figure class=\"wp-block-image\"><img src=\"/wp-includes/images/w-logo-blue.png\" alt=\"\"/>"
                . "<figcaption class=\"wp-element-caption\">{$b['caption']}</figcaption></figure>\n<!-- /wp:image -->",
        };
    }
    return implode("\n\n", $out);
}

/** The segments the editor sends: one per block's rich text, its clientId as the id. */
function editor_segments(array $blocks): array
{
    $out = [];
    foreach ($blocks as $i => $b) {
        $out[] = ['id' => "client-$i", 'kind' => CopydeskWP\Article::kindOf($b['name']),
            'text' => $b['content'] ?? $b['caption']];
    }
    return $out;
}

function visible(string $html): string
{
    return html_entity_decode(strip_tags($html), ENT_QUOTES | ENT_HTML5, 'UTF-8');
}

function utf16_slice(string $s, int $start, int $end): string
{
    $u = mb_convert_encoding($s, 'UTF-16LE', 'UTF-8');
    return mb_convert_encoding(substr($u, 2 * $start, 2 * ($end - $start)), 'UTF-8', 'UTF-16LE');
}

function summary(array $findings): array
{
    return array_map(fn ($f) => [$f['rule'], $f['visible_text']], $findings);
}

// ---------------------------------------------------------------- the check route

as_user('author');
$id = wp_insert_post(['post_title' => $article['title'], 'post_content' => markup($article['blocks']),
    'post_status' => 'draft'], true);
check(is_int($id) && $id > 0, 'a draft post is created', $id);
$segments = editor_segments($article['blocks']);
$res = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => $segments]);
$data = $res->get_data();
check($res->get_status() === 200 && ($data['error'] ?? null) === null, 'the check route answers', $data);
$findings = $data['findings'] ?? [];
if (!check(summary($findings) === $article['expected'], 'the findings are the flagged words, in article order', summary($findings))) {
    echo "$passed passed, $failed failed\n";  // the rest is built on these findings
    exit(1);
}
foreach ($findings as $f) {
    $seg = $segments[$f['segment'] - 1] ?? null;  // segment 0 is the title
    check($seg !== null && $f['segment_id'] === $seg['id']
        && utf16_slice(visible($seg['text']), $f['visible_start_utf16'], $f['visible_end_utf16']) === $f['visible_text'],
        "«{$f['visible_text']}»: the visible UTF-16 offsets slice it out of its block's visible text", $f);
}
$actions = array_map(fn ($f) => $f['rule'] . ':' . $f['action'] . ':' . $f['state'], $findings);
check(in_array('extremism.isis:block:open', $actions, true) && in_array('attribution.vague-source:acknowledge:open', $actions, true),
    'errors block, warnings need an acknowledgement (the default actions)', $actions);
check(($data['blocking'] ?? 0) === count($findings) && ($data['can_dismiss'] ?? null) === false,
    'every finding is open; an author may not dismiss', $data);
check(count(array_filter($findings, fn ($f) => $f['rule_title'] !== '' && $f['explain'] !== '')) === count($findings),
    'each finding carries its rule title and explanation');

$server = CopydeskWP\Plugin::check($id, CopydeskWP\Article::fromContent($article['title'], markup($article['blocks']), 'parse_blocks'));
check(array_map(fn ($f) => $f['fingerprint'], $server['findings']) === array_map(fn ($f) => $f['fingerprint'], $findings),
    'the saved post gives the same findings (fingerprints) as the editor\'s segments',
    [summary($server['findings']), array_map(fn ($f) => $f['fingerprint'], $server['findings'])]);

$bad = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'segments' => [['id' => 'x', 'kind' => 'footer', 'text' => 'a']]]);
check($bad->get_status() === 400, 'an unknown segment kind is refused (400)', $bad->get_data());
wp_set_current_user(0);
$anon = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'segments' => $segments]);
check(in_array($anon->get_status(), [401, 403], true), 'a visitor may not call the check route', $anon->get_status());

// ---------------------------------------------------------------- enforcement

as_user('author');
$pub = rest('POST', "/wp/v2/posts/$id", ['status' => 'publish']);
check($pub->get_status() === 403 && ($pub->get_data()['code'] ?? '') === 'copydesk_publish_blocked',
    'a REST publish with open findings is refused (403 copydesk_publish_blocked)', $pub->get_data());
clean_post_cache($id);
check(get_post_status($id) === 'draft', 'the post is still a draft');
$msg = (string) ($pub->get_data()['message'] ?? '');
check(str_contains($msg, '«وَبِداعش»') && str_contains($msg, 'needs a fix or a dismissal'), 'the refusal names the words', $msg);

wp_update_post(['ID' => $id, 'post_status' => 'publish']);
clean_post_cache($id);
check(get_post_status($id) === 'draft', 'wp_update_post (the classic editor\'s path) keeps it a draft');
check(str_contains((string) get_transient('copydesk_refused_' . get_current_user_id()), 'publishing is blocked'),
    'and the editor is told why on the next admin page');
$new = wp_insert_post(['post_title' => 'Brand new', 'post_content' => markup([$article['blocks'][2]]), 'post_status' => 'publish']);
check(get_post_status($new) === 'draft', 'a new post inserted as published with a finding is saved as a draft', get_post_status($new));
$newRest = rest('POST', '/wp/v2/posts', ['title' => 'Brand new', 'content' => markup([$article['blocks'][2]]), 'status' => 'publish']);
check($newRest->get_status() === 403, 'a new post published through REST with a finding is refused', $newRest->get_status());

// ---------------------------------------------------------------- decisions

$byRule = [];
foreach ($findings as $f) {
    $byRule[$f['rule'] . ':' . $f['visible_text']] = $f;
}
$isis = $byRule['extremism.isis:وَبِداعش'];
$decide = fn (array $f, string $decision, string $reason = '') => rest('POST', '/copydesk/v1/decisions',
    ['post_id' => $id, 'fingerprint' => $f['fingerprint'], 'decision' => $decision, 'reason' => $reason,
        'title' => $article['title'], 'segments' => $segments]);
$r = $decide($isis, 'dismiss', 'Quoted from the court ruling');
check($r->get_status() === 403, 'an author may not dismiss (403)', $r->get_data());
as_user('editor');
$r = $decide($isis, 'dismiss', '   ');
check($r->get_status() === 400 && $r->get_data()['code'] === 'copydesk_reason_required', 'a dismissal needs a reason (400)', $r->get_data());
$r = rest('POST', '/copydesk/v1/decisions', ['post_id' => $id, 'fingerprint' => '0123456789abcdef', 'decision' => 'dismiss',
    'reason' => 'x', 'segments' => $segments]);
check($r->get_status() === 404, 'a fingerprint that is no finding of the post is refused (404)', $r->get_data());
$before = time();
$r = $decide($isis, 'dismiss', 'Quoted from the court ruling');
$rec = $r->get_data()['recorded'] ?? [];
check($r->get_status() === 200, 'an editor dismisses with a reason', $r->get_data());
check(($rec['user_login'] ?? '') === 'editor' && ($rec['user_name'] ?? '') === 'Editor Tester'
    && ($rec['reason'] ?? '') === 'Quoted from the court ruling' && ($rec['rule'] ?? '') === 'extremism.isis'
    && ($rec['fingerprint'] ?? '') === $isis['fingerprint'] && ($rec['text'] ?? '') === 'وَبِداعش'
    && preg_match('/^\d+\.\d+\.\d+/', (string) ($rec['pack_version'] ?? '')) === 1
    && abs(strtotime((string) $rec['time']) - $before) < 60,
    'the record says who, when, why, the rule, its pack version, the words and the fingerprint', $rec);
$stored = get_post_meta($id, CopydeskWP\Plugin::META, true);
check(is_array($stored) && count($stored) === 1 && $stored[0] === $rec, 'it is stored as post meta', $stored);

// Everything else: block findings dismissed by the editor, the rest acknowledged by the author.
foreach ($findings as $f) {
    if ($f['fingerprint'] === $isis['fingerprint']) {
        continue;
    }
    if ($f['action'] === 'block') {
        as_user('editor');
        $r = $decide($f, 'dismiss', 'Reviewed with the legal desk');
    } else {
        as_user('author');
        $r = $decide($f, 'acknowledge');
    }
    check($r->get_status() === 200, "{$f['rule']} «{$f['visible_text']}»: {$f['action']} decision recorded", $r->get_data());
}
as_user('author');
$after = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => $segments])->get_data();
check($after['blocking'] === 0, 'nothing blocks now', summary(array_values(array_filter($after['findings'], fn ($f) => $f['state'] === 'open'))));
$ack = rest('POST', '/copydesk/v1/decisions', ['post_id' => $id, 'fingerprint' => $isis['fingerprint'], 'decision' => 'acknowledge',
    'segments' => $segments, 'title' => $article['title']]);
$afterAck = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => $segments])->get_data();
check($afterAck['blocking'] === 1, 'an acknowledgement over a dismissal does not clear a block finding', $afterAck['blocking']);
as_user('editor');
$decide($isis, 'dismiss', 'Quoted from the court ruling');

// An edit elsewhere keeps the dismissals; an edit of the dismissed sentence brings its finding back.
$edited = $article['blocks'];
$edited[] = ['name' => 'core/paragraph', 'content' => 'Roads into the city were closed on Tuesday.'];
$edited[1]['content'] = 'The <strong>Islamic</strong> State claimed the bombing on Monday. Roads were closed.';
$r = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => 'Raqqa attack: updated', 'segments' => editor_segments($edited)])->get_data();
check($r['blocking'] === 0, 'after edits in other blocks and sentences every dismissal still holds',
    summary(array_values(array_filter($r['findings'], fn ($f) => $f['state'] === 'open'))));
$changed = $article['blocks'];
$changed[0]['content'] = str_replace('مقاتلون', 'مسلحون', $changed[0]['content']);
$r = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => editor_segments($changed)])->get_data();
check(summary(array_values(array_filter($r['findings'], fn ($f) => $f['state'] === 'open'))) === [['attribution.vague-source', 'مصدر مطلع'], ['extremism.isis', 'وَبِداعش']],
    'editing the dismissed sentence brings back its findings, and only those', summary(array_values(array_filter($r['findings'], fn ($f) => $f['state'] === 'open'))));

// Export.
$csv = rest('GET', '/copydesk/v1/decisions', [], ['post_id' => $id, 'format' => 'csv']);
$lines = array_map('str_getcsv', array_filter(explode("\n", (string) $csv->get_data())));
check($csv->get_status() === 200 && $lines[0][0] === 'time' && count($lines) === 1 + count(get_post_meta($id, CopydeskWP\Plugin::META, true))
    && in_array('Quoted from the court ruling', array_merge(...$lines), true), 'the audit trail exports as CSV', $lines);
$json = rest('GET', '/copydesk/v1/decisions', [], ['post_id' => $id])->get_data();
check(is_array($json) && ($json[0]['user_login'] ?? '') === 'editor', 'and as JSON');

// Publish, as the author, now that every finding is decided.
as_user('author');
$pub = rest('POST', "/wp/v2/posts/$id", ['status' => 'publish', 'title' => 'Raqqa attack: updated', 'content' => markup($edited)]);
check($pub->get_status() === 200 && $pub->get_data()['status'] === 'publish', 'the post publishes through REST', $pub->get_data()['message'] ?? $pub->get_status());
$upd = rest('POST', "/wp/v2/posts/$id", ['content' => markup($changed)]);
check($upd->get_status() === 403, 'an update of the published post that brings back a finding is refused', $upd->get_status());
clean_post_cache($id);
check(str_contains(get_post($id)->post_content, 'مقاتلون'), 'and the published text is unchanged');

// A revoked dismissal blocks again.
as_user('editor');
$r = rest('POST', '/copydesk/v1/decisions', ['post_id' => $id, 'fingerprint' => $isis['fingerprint'], 'decision' => 'revoke', 'reason' => 'on second thought']);
check($r->get_status() === 200 && end($r->get_data()['decisions'])['decision'] === 'revoke', 'a dismissal is revoked, and the revoke is recorded');
$r = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => 'Raqqa attack: updated', 'segments' => editor_segments($edited)])->get_data();
check($r['blocking'] === 1, 'the revoked finding blocks again', $r['blocking']);

// ---------------------------------------------------------------- settings

$settings = get_option(CopydeskWP\Plugin::OPTION, []);
update_option(CopydeskWP\Plugin::OPTION, array_merge($settings, ['overrides' => "figures = block\nextremism.isis = advise"]));
$r = rest('POST', '/copydesk/v1/check', ['post_id' => $new, 'title' => $article['title'], 'segments' => $segments])->get_data();
$acts = [];
foreach ($r['findings'] as $f) {
    $acts[$f['rule']] = $f['action'];
}
check($acts === ['attribution.vague-source' => 'acknowledge', 'extremism.isis' => 'advise', 'figures.count' => 'block'],
    'actions per rule and per category from the settings win over the severity', $acts);
[, $problems] = CopydeskWP\Policy::parseOverrides("figures = block\nnonsense\nx = delete");
check($problems === ["line 2: expected 'rule-or-category = block|acknowledge|advise', got 'nonsense'",
    "line 3: unknown action 'delete' (block, acknowledge or advise)"], 'bad override lines are reported with their line', $problems);
update_option(CopydeskWP\Plugin::OPTION, array_merge($settings, ['rules_path' => '/nonexistent/rules']));
$blocked = rest('POST', '/wp/v2/posts', ['title' => 'Clean', 'content' => '<!-- wp:paragraph --><p>Nothing here.</p><!-- /wp:paragraph -->', 'status' => 'publish']);
check($blocked->get_status() === 403 && str_contains((string) $blocked->get_data()['message'], 'could not check'),
    'with no rules, publishing is refused with the reason (fail closed)', $blocked->get_data());
update_option(CopydeskWP\Plugin::OPTION, $settings);
$clean = rest('POST', '/wp/v2/posts', ['title' => 'Clean', 'content' => '<!-- wp:paragraph --><p>Nothing here.</p><!-- /wp:paragraph -->', 'status' => 'publish']);
check($clean->get_status() === 201, 'a post with no findings publishes', $clean->get_status());

// ---------------------------------------------------------------- copydesk serve

$service = (string) getenv('COPYDESK_SERVE_URL');
if ($service !== '') {
    $inProcess = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => $segments])->get_data();
    update_option(CopydeskWP\Plugin::OPTION, array_merge($settings, ['service_url' => $service, 'rules_path' => '/nonexistent']));
    $viaService = rest('POST', '/copydesk/v1/check', ['post_id' => $id, 'title' => $article['title'], 'segments' => $segments])->get_data();
    $keys = ['rule', 'severity', 'segment', 'segment_id', 'visible_start_utf16', 'visible_end_utf16', 'visible_text', 'fingerprint', 'action', 'state', 'pack_version', 'rule_title'];
    $pick = fn ($fs) => array_map(function ($f) use ($keys) {
        $x = array_intersect_key($f, array_flip($keys));
        ksort($x);
        return $x;
    }, $fs);
    check(($viaService['error'] ?? null) === null && $pick($viaService['findings']) === $pick($inProcess['findings']),
        'copydesk serve gives the same findings, fingerprints and actions as the PHP adapter',
        [$viaService['error'] ?? null, array_udiff_assoc($pick($viaService['findings']), $pick($inProcess['findings']), fn ($a, $b) => $a <=> $b),
            $pick($inProcess['findings'])[0] ?? null]);
    update_option(CopydeskWP\Plugin::OPTION, $settings);
} else {
    echo "skip copydesk serve (COPYDESK_SERVE_URL not set)\n";
}

echo "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
