<?php

declare(strict_types=1);

namespace CopydeskWP;

/**
 * The WordPress side: settings, the REST routes the editor calls, the editor's script, and the
 * check again on the server whenever a post is saved as published or scheduled (the REST
 * path and wp_insert_post(), which the classic editor, XML-RPC and wp_update_post() take).
 * Scanning is Engine's, actions and decisions Policy's: this class only moves data.
 */
final class Plugin
{
    public const OPTION = 'copydesk_settings';
    public const META = '_copydesk_decisions';  // protected meta (leading _): not writable through REST
    public const REST_NS = 'copydesk/v1';
    private const PUBLISHED = ['publish', 'future'];

    private static string $file = '';
    /** @var array<string, array<string, mixed>> checks of this request (REST and wp_insert_post check the same save) */
    private static array $checked = [];

    public static function boot(string $file): void
    {
        self::$file = $file;
        add_action('rest_api_init', [self::class, 'routes']);
        add_action('enqueue_block_editor_assets', [self::class, 'editorAssets']);
        add_action('admin_menu', [self::class, 'menu']);
        add_action('admin_init', [self::class, 'registerSettings']);
        add_action('admin_notices', [self::class, 'notice']);
        add_filter('rest_pre_serve_request', [self::class, 'serveCsv'], 10, 4);
        add_filter('wp_insert_post_data', [self::class, 'enforceOnInsert'], 10, 4);
        foreach (self::settings()['post_types'] as $type) {
            add_filter("rest_pre_insert_$type", [self::class, 'enforceOnRest'], 10, 2);
        }
    }

    // ------------------------------------------------------------------ settings

    /** @return array<string, mixed> the settings, defaults filled in */
    public static function settings(): array
    {
        $defaults = [
            'service_url' => '',
            'service_token' => '',
            'rules_path' => defined('COPYDESK_RULES') ? COPYDESK_RULES : '/usr/local/share/copydesk/rules',
            'adapter_path' => defined('COPYDESK_PHP_ADAPTER') ? COPYDESK_PHP_ADAPTER : '/usr/local/share/copydesk/php/autoload.php',
            'actions' => Policy::DEFAULT_SEVERITY_ACTIONS,
            'overrides' => '',
            'dismiss_capability' => 'edit_others_posts',
            'post_types' => ['post', 'page'],
        ];
        $saved = get_option(self::OPTION, []);
        $s = array_merge($defaults, is_array($saved) ? array_filter($saved, fn ($v) => $v !== null) : []);
        $s['actions'] = array_merge(Policy::DEFAULT_SEVERITY_ACTIONS, (array) $s['actions']);
        return $s;
    }

    public static function engine(): Engine
    {
        $s = self::settings();
        $uploads = wp_upload_dir(null, false);
        return new Engine((string) $s['rules_path'], (string) $s['adapter_path'], (string) $s['service_url'],
            (string) $s['service_token'], rtrim((string) ($uploads['basedir'] ?? ''), '/') . '/copydesk-cache',
            [self::class, 'http']);
    }

    public static function policy(): Policy
    {
        $s = self::settings();
        return new Policy($s['actions'], Policy::parseOverrides((string) $s['overrides'])[0]);
    }

    /** Engine's HTTP client: WordPress's, to the configured service only. @return array{int, string} */
    public static function http(string $method, string $url, array $headers, string $body, int $timeout): array
    {
        $r = wp_remote_request($url, ['method' => $method, 'headers' => $headers, 'body' => $method === 'GET' ? null : $body,
            'timeout' => $timeout, 'redirection' => 0]);
        if (is_wp_error($r)) {
            return [0, $r->get_error_message()];
        }
        return [(int) wp_remote_retrieve_response_code($r), (string) wp_remote_retrieve_body($r)];
    }

    // ------------------------------------------------------------------ checking

    /**
     * Scan segments of post $postId and evaluate them against its decisions.
     *
     * @param list<array{kind: string, id: string, text: string, format: string}> $segments
     * @return array{findings: list<array<string, mixed>>, blocking: list<array<string, mixed>>, error?: string}
     */
    public static function check(int $postId, array $segments): array
    {
        $decisions = self::decisions($postId);
        $key = md5(serialize([$segments, $decisions, self::settings()]));
        if (isset(self::$checked[$key])) {
            return self::$checked[$key];
        }
        try {
            $result = self::policy()->evaluate(self::engine()->scan($segments), $decisions);
        } catch (\Throwable $e) {
            // Fail closed: a post that could not be checked is not published.
            $result = ['findings' => [], 'blocking' => [], 'error' => $e->getMessage()];
        }
        return self::$checked[$key] = $result;
    }

    /** @return list<array<string, mixed>> the post's decision records, oldest first */
    public static function decisions(int $postId): array
    {
        $records = $postId > 0 ? get_post_meta($postId, self::META, true) : [];
        return is_array($records) ? array_values($records) : [];
    }

    /** Why $result stops publishing, for an error message; "" when it does not. */
    public static function refusal(array $result): string
    {
        if (isset($result['error'])) {
            return 'copydesk could not check this post, so it was not published: ' . $result['error'];
        }
        if (!$result['blocking']) {
            return '';
        }
        $parts = [];
        foreach ($result['blocking'] as $f) {
            $parts[] = '«' . $f['visible_text'] . '» (' . $f['rule'] . ', ' . ($f['action'] === 'block'
                ? 'needs a fix or a dismissal' : 'needs an acknowledgement') . ')';
        }
        return sprintf('copydesk: publishing is blocked by %d finding%s: %s.', count($parts),
            count($parts) === 1 ? '' : 's', implode('; ', $parts));
    }

    /** The REST path (block editor, API clients): a publish with an open finding is refused. */
    public static function enforceOnRest(mixed $prepared, \WP_REST_Request $request): mixed
    {
        if (!is_object($prepared) || is_wp_error($prepared)) {
            return $prepared;
        }
        $id = (int) ($prepared->ID ?? 0);
        $existing = $id ? get_post($id) : null;
        $status = $prepared->post_status ?? ($existing->post_status ?? 'draft');
        if (!in_array($status, self::PUBLISHED, true)) {
            return $prepared;
        }
        $title = $prepared->post_title ?? ($existing->post_title ?? '');
        $content = $prepared->post_content ?? ($existing->post_content ?? '');
        $result = self::check($id, Article::fromContent((string) $title, (string) $content, 'parse_blocks'));
        $why = self::refusal($result);
        if ($why === '') {
            return $prepared;
        }
        return new \WP_Error('copydesk_publish_blocked', $why, ['status' => 403,
            'blocking' => array_map(fn ($f) => ['rule' => $f['rule'], 'text' => $f['visible_text'],
                'action' => $f['action'], 'fingerprint' => $f['fingerprint']], $result['blocking'])]);
    }

    /**
     * wp_insert_post() (classic editor, XML-RPC, wp_update_post): a post that would become
     * published or scheduled with an open finding is saved with its previous status (draft
     * when it was published), and the editor is told why.
     */
    public static function enforceOnInsert(array $data, array $postarr, array $unsanitized = [], bool $update = false): array
    {
        if (!in_array($data['post_status'] ?? '', self::PUBLISHED, true)
            || !in_array($data['post_type'] ?? '', self::settings()['post_types'], true)) {
            return $data;
        }
        $id = (int) ($postarr['ID'] ?? 0);
        $result = self::check($id, Article::fromContent(wp_unslash((string) $data['post_title']),
            wp_unslash((string) $data['post_content']), 'parse_blocks'));
        $why = self::refusal($result);
        if ($why === '') {
            return $data;
        }
        $previous = $id ? get_post_status($id) : false;
        $data['post_status'] = ($previous && !in_array($previous, self::PUBLISHED, true) && $previous !== 'auto-draft')
            ? $previous : 'draft';
        if (get_current_user_id()) {
            set_transient('copydesk_refused_' . get_current_user_id(), $why, 300);
        }
        return $data;
    }

    public static function notice(): void
    {
        $key = 'copydesk_refused_' . get_current_user_id();
        $why = get_transient($key);
        if (is_string($why) && $why !== '') {
            delete_transient($key);
            echo '<div class="notice notice-error"><p>' . esc_html($why) . '</p></div>';
        }
    }

    // ------------------------------------------------------------------ REST routes

    public static function routes(): void
    {
        $canEdit = fn (\WP_REST_Request $r) => current_user_can('edit_post', (int) $r['post_id']);
        $post = ['type' => 'integer', 'required' => true, 'minimum' => 1];
        register_rest_route(self::REST_NS, '/check', [
            'methods' => 'POST',
            'callback' => [self::class, 'restCheck'],
            'permission_callback' => $canEdit,
            'args' => ['post_id' => $post, 'title' => ['type' => 'string', 'default' => ''],
                'segments' => ['type' => 'array', 'required' => true]],
        ]);
        register_rest_route(self::REST_NS, '/decisions', [
            ['methods' => 'GET', 'callback' => [self::class, 'restDecisions'], 'permission_callback' => $canEdit,
                'args' => ['post_id' => $post, 'format' => ['type' => 'string', 'enum' => ['json', 'csv'], 'default' => 'json']]],
            ['methods' => 'POST', 'callback' => [self::class, 'restDecide'], 'permission_callback' => $canEdit,
                'args' => ['post_id' => $post,
                    'fingerprint' => ['type' => 'string', 'required' => true, 'pattern' => '^[0-9a-f]{16}$'],
                    'decision' => ['type' => 'string', 'required' => true, 'enum' => ['dismiss', 'acknowledge', 'revoke']],
                    'reason' => ['type' => 'string', 'default' => ''],
                    'title' => ['type' => 'string'], 'segments' => ['type' => 'array']]],
        ]);
    }

    /** Segments of the request ({title, segments} from the editor), else of the saved post. */
    private static function requestSegments(\WP_REST_Request $r): array|\WP_Error
    {
        if ($r['segments'] === null) {
            $p = get_post((int) $r['post_id']);
            return Article::fromContent((string) ($p->post_title ?? ''), (string) ($p->post_content ?? ''), 'parse_blocks');
        }
        $segments = Article::fromRequest($r['title'] ?? '', $r['segments']);
        return is_string($segments) ? new \WP_Error('copydesk_bad_segments', $segments, ['status' => 400]) : $segments;
    }

    public static function restCheck(\WP_REST_Request $r): \WP_REST_Response|\WP_Error
    {
        $segments = self::requestSegments($r);
        if (is_wp_error($segments)) {
            return $segments;
        }
        $id = (int) $r['post_id'];
        $result = self::check($id, $segments);
        return new \WP_REST_Response([
            'findings' => $result['findings'],
            'blocking' => count($result['blocking']),
            // findings' `segment` counts the title first when there is one
            'offset' => count($segments) - count((array) $r['segments']),
            'error' => $result['error'] ?? null,
            'can_dismiss' => current_user_can(self::settings()['dismiss_capability']),
            'decisions' => self::decisions($id),
        ]);
    }

    /**
     * Records a decision on a finding of the post as it is now (the editor's segments, or the
     * saved post): its rule, pack version and text come from the scan, not from the request,
     * and the record carries who and when. A dismissal needs the capability and a reason.
     */
    public static function restDecide(\WP_REST_Request $r): \WP_REST_Response|\WP_Error
    {
        $id = (int) $r['post_id'];
        $decision = (string) $r['decision'];
        $reason = trim((string) $r['reason']);
        $user = wp_get_current_user();
        if ($decision === 'dismiss' && !current_user_can(self::settings()['dismiss_capability'])) {
            return new \WP_Error('copydesk_forbidden', 'Dismissing a finding needs the '
                . self::settings()['dismiss_capability'] . ' capability.', ['status' => 403]);
        }
        if ($decision === 'dismiss' && $reason === '') {
            return new \WP_Error('copydesk_reason_required', 'A dismissal needs a reason.', ['status' => 400]);
        }
        $finding = null;
        if ($decision === 'revoke') {
            $finding = Policy::standing(self::decisions($id))[(string) $r['fingerprint']] ?? null;
        } else {
            $segments = self::requestSegments($r);
            if (is_wp_error($segments)) {
                return $segments;
            }
            $result = self::check($id, $segments);
            if (isset($result['error'])) {
                return new \WP_Error('copydesk_unavailable', $result['error'], ['status' => 503]);
            }
            foreach ($result['findings'] as $f) {
                if ($f['fingerprint'] === $r['fingerprint']) {
                    $finding = $f;
                    break;
                }
            }
        }
        if ($finding === null) {
            return new \WP_Error('copydesk_no_such_finding', 'No finding with fingerprint ' . $r['fingerprint']
                . ($decision === 'revoke' ? ' is dismissed or acknowledged.' : ' in this post.'), ['status' => 404]);
        }
        $record = [
            'fingerprint' => (string) $r['fingerprint'],
            'decision' => $decision,
            'rule' => (string) $finding['rule'],
            'pack_version' => (string) ($finding['pack_version'] ?? ''),
            'text' => (string) ($finding['visible_text'] ?? $finding['text'] ?? ''),
            'reason' => $reason,
            'user_id' => (int) $user->ID,
            'user_login' => (string) $user->user_login,
            'user_name' => (string) $user->display_name,
            'time' => gmdate('Y-m-d\TH:i:s\Z'),
        ];
        $records = self::decisions($id);
        $records[] = $record;
        update_post_meta($id, self::META, $records);
        self::$checked = [];
        return new \WP_REST_Response(['recorded' => $record, 'decisions' => $records]);
    }

    public static function restDecisions(\WP_REST_Request $r): \WP_REST_Response
    {
        $records = self::decisions((int) $r['post_id']);
        if ($r['format'] !== 'csv') {
            return new \WP_REST_Response($records);
        }
        $columns = ['time', 'decision', 'user_login', 'user_name', 'user_id', 'rule', 'pack_version', 'fingerprint', 'text', 'reason'];
        $out = fopen('php://temp', 'w+');
        fputcsv($out, $columns);
        foreach ($records as $rec) {
            fputcsv($out, array_map(fn ($c) => (string) ($rec[$c] ?? ''), $columns));
        }
        rewind($out);
        $csv = (string) stream_get_contents($out);
        $response = new \WP_REST_Response($csv);
        $response->header('Content-Type', 'text/csv; charset=utf-8');
        $response->header('Content-Disposition', 'attachment; filename="copydesk-decisions-' . (int) $r['post_id'] . '.csv"');
        return $response;
    }

    /** The CSV export is sent as it is, not as a JSON string. */
    public static function serveCsv(bool $served, mixed $result, \WP_REST_Request $request, mixed $server): bool
    {
        if (!$served && $request->get_route() === '/' . self::REST_NS . '/decisions' && $request['format'] === 'csv'
            && $result instanceof \WP_HTTP_Response && is_string($result->get_data())) {
            echo $result->get_data();
            return true;
        }
        return $served;
    }

    // ------------------------------------------------------------------ editor

    public static function editorAssets(): void
    {
        $screen = function_exists('get_current_screen') ? get_current_screen() : null;
        if ($screen && !in_array($screen->post_type, self::settings()['post_types'], true)) {
            return;
        }
        $base = plugin_dir_url(self::$file);
        $dir = plugin_dir_path(self::$file);
        wp_enqueue_script('copydesk-editor', $base . 'assets/editor.js',
            ['wp-plugins', 'wp-edit-post', 'wp-editor', 'wp-element', 'wp-components', 'wp-data', 'wp-api-fetch',
                'wp-annotations', 'wp-blocks', 'wp-block-editor', 'wp-rich-text', 'wp-url'],
            (string) filemtime($dir . 'assets/editor.js'), true);
        wp_add_inline_script('copydesk-editor', 'window.copydeskSettings = ' . wp_json_encode([
            'kinds' => Article::KINDS,
            'namespace' => self::REST_NS,
        ]) . ';', 'before');
        wp_enqueue_style('copydesk-editor', $base . 'assets/editor.css', [], (string) filemtime($dir . 'assets/editor.css'));
    }

    // ------------------------------------------------------------------ settings page

    public static function menu(): void
    {
        add_options_page('copydesk', 'copydesk', 'manage_options', 'copydesk', [self::class, 'page']);
    }

    public static function registerSettings(): void
    {
        register_setting('copydesk', self::OPTION, ['type' => 'array', 'sanitize_callback' => [self::class, 'sanitize']]);
    }

    /** @return array<string, mixed> */
    public static function sanitize(mixed $in): array
    {
        $in = is_array($in) ? $in : [];
        $old = self::settings();
        $out = $old;
        foreach (['service_url', 'service_token', 'rules_path', 'adapter_path', 'dismiss_capability'] as $k) {
            if (isset($in[$k])) {
                $out[$k] = trim(sanitize_text_field((string) $in[$k]));
            }
        }
        if ($out['service_url'] !== '' && !preg_match('#^https?://[^/\s]+/?$#', $out['service_url'])) {
            add_settings_error(self::OPTION, 'url', "The service URL must be like http://127.0.0.1:8765, not '{$out['service_url']}'.");
            $out['service_url'] = $old['service_url'];
        }
        foreach (['error', 'warning', 'info'] as $sev) {
            if (in_array($in['actions'][$sev] ?? null, Policy::ACTIONS, true)) {
                $out['actions'][$sev] = $in['actions'][$sev];
            }
        }
        if (isset($in['overrides'])) {
            $text = sanitize_textarea_field((string) $in['overrides']);
            [, $problems] = Policy::parseOverrides($text);
            if ($problems) {
                add_settings_error(self::OPTION, 'overrides', 'Actions per rule or category: ' . implode('; ', $problems));
            } else {
                $out['overrides'] = $text;
            }
        }
        if (isset($in['post_types'])) {
            // A string from the form; a list when WordPress sanitizes the saved value again
            // (the first save of an option runs this twice).
            $types = is_array($in['post_types']) ? $in['post_types'] : explode(',', (string) $in['post_types']);
            $out['post_types'] = array_values(array_filter(array_map('sanitize_key', array_map('strval', $types))));
        }
        if ($out['service_url'] === '' && !file_exists($out['rules_path'])) {
            add_settings_error(self::OPTION, 'rules', "There are no rules at '{$out['rules_path']}': every publish will be refused until there are.");
        }
        return $out;
    }

    public static function page(): void
    {
        if (!current_user_can('manage_options')) {
            return;
        }
        $s = self::settings();
        $o = self::OPTION;
        $status = '';
        try {
            $status = count(self::engine()->rules()) . ' rules loaded.';
        } catch (\Throwable $e) {
            $status = 'Not working: ' . $e->getMessage();
        }
        echo '<div class="wrap"><h1>copydesk</h1><p id="copydesk-status">' . esc_html($status) . '</p>';
        echo '<form method="post" action="options.php">';
        settings_fields('copydesk');
        $text = function (string $key, string $label, string $help) use ($s, $o) {
            echo '<tr><th scope="row"><label for="copydesk-' . esc_attr($key) . '">' . esc_html($label) . '</label></th><td>'
                . '<input class="regular-text code" id="copydesk-' . esc_attr($key) . '" name="' . esc_attr("{$o}[$key]")
                . '" value="' . esc_attr(is_array($s[$key]) ? implode(',', $s[$key]) : (string) $s[$key]) . '">'
                . '<p class="description">' . esc_html($help) . '</p></td></tr>';
        };
        echo '<table class="form-table" role="presentation">';
        $text('service_url', 'Service URL', 'copydesk serve on loopback, e.g. http://127.0.0.1:8765; empty: scan in process with the PHP adapter.');
        $text('service_token', 'Service token', 'The bearer token of copydesk serve --token-file, if it has one.');
        $text('rules_path', 'Rule packs', 'In process: a folder of packs, one pack, a rule file, or a bundle from copydesk compile.');
        $text('adapter_path', 'PHP adapter', 'In process: the autoload.php of the copydesk PHP adapter.');
        $text('dismiss_capability', 'Who may dismiss', 'The capability a user needs to dismiss a finding (edit_others_posts: editors and administrators).');
        $text('post_types', 'Post types', 'Comma-separated post types that are checked.');
        foreach (['error', 'warning', 'info'] as $sev) {
            echo '<tr><th scope="row">Action for ' . esc_html($sev) . '</th><td><select name="' . esc_attr("{$o}[actions][$sev]") . '">';
            foreach (Policy::ACTIONS as $a) {
                echo '<option value="' . esc_attr($a) . '"' . selected($s['actions'][$sev], $a, false) . '>' . esc_html($a) . '</option>';
            }
            echo '</select></td></tr>';
        }
        echo '<tr><th scope="row"><label for="copydesk-overrides">Actions per rule or category</label></th><td>'
            . '<textarea class="large-text code" rows="6" id="copydesk-overrides" name="' . esc_attr("{$o}[overrides]") . '">'
            . esc_textarea((string) $s['overrides']) . '</textarea><p class="description">One <code>name = action</code> a line: '
            . 'a rule id (extremism.isis), a category (figures) or a pack; action block, acknowledge or advise. '
            . 'They win over the rule pack\'s own and over the severity.</p></td></tr>';
        echo '</table>';
        submit_button();
        echo '</form></div>';
    }
}
