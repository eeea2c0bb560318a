<?php

declare(strict_types=1);

// usage: php setup.php WORDPRESS_DIR
// Installs WordPress as its install form would (wp_install), with the copydesk plugin active,
// the Twenty Twenty-Three theme, and three users: admin, editor (may dismiss) and author (may
// not). The block editor's welcome guide is turned off for them.

$wpDir = $argv[1];
$_SERVER['HTTP_HOST'] = parse_url((string) getenv('COPYDESK_TEST_URL'), PHP_URL_HOST) . ':'
    . parse_url((string) getenv('COPYDESK_TEST_URL'), PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', true);
require $wpDir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

add_filter('pre_wp_mail', '__return_false');  // no mail leaves the test
$installed = wp_install('copydesk newsroom', 'admin', 'admin@example.invalid', false, '', 'admin-password-1');
if (!isset($installed['user_id'])) {
    fwrite(STDERR, "wp_install failed\n");
    exit(1);
}
switch_theme('twentytwentythree');
$users = ['admin' => (int) $installed['user_id']];
foreach (['editor' => 'editor', 'author' => 'author'] as $login => $role) {
    $id = wp_insert_user(['user_login' => $login, 'user_pass' => "$login-password-1", 'role' => $role,
        'user_email' => "$login@example.invalid", 'display_name' => ucfirst($login) . ' Tester']);
    if (is_wp_error($id)) {
        fwrite(STDERR, $id->get_error_message() . "\n");
        exit(1);
    }
    $users[$login] = $id;
}
foreach ($users as $id) {
    update_user_meta($id, $GLOBALS['wpdb']->get_blog_prefix() . 'persisted_preferences',
        ['core/edit-post' => ['welcomeGuide' => false, 'isPublishSidebarEnabled' => true], '_modified' => gmdate('c')]);
}
$active = activate_plugin('copydesk/copydesk.php');
if (is_wp_error($active)) {
    fwrite(STDERR, 'activate_plugin: ' . $active->get_error_message() . "\n");
    exit(1);
}
echo "WordPress ", get_bloginfo('version'), " installed, plugin active\n";
