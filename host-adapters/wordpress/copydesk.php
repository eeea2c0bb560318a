<?php
/**
 * Plugin Name: copydesk
 * Description: Checks posts against copydesk's rule packs before they are published: highlights in the block editor, a pre-publish panel, per-severity actions enforced on the server, dismissals with an audit trail.
 * Version: 0.1.0
 * Requires at least: 6.1
 * Requires PHP: 8.1
 * License: MIT
 * Text Domain: copydesk
 *
 * Docs: docs/wordpress.md in the copydesk repository.
 */

defined('ABSPATH') || exit;

require_once __DIR__ . '/src/Article.php';
require_once __DIR__ . '/src/Engine.php';
require_once __DIR__ . '/src/Policy.php';
require_once __DIR__ . '/src/Plugin.php';

CopydeskWP\Plugin::boot(__FILE__);
