<?php

declare(strict_types=1);

// The test article of tests/wordpress: what an editor writes, as the block editor saves it,
// and what copydesk must flag in it (the visible words, exactly). server_test.php and
// editor_test.js (through article.json, written by server_test.php's neighbour below) use it.

return [
    'title' => 'Raqqa attack: what we know',
    'blocks' => [
        // Arabic: an emoji first, a vague source, a designated group with a clitic and a
        // diacritic (وَبِداعش), an unsourced figure.
        ['name' => 'core/paragraph', 'content' => '😀 قال مصدر مطلع إن الهجوم نفذه مقاتلون مرتبطون وَبِداعش. وقتل الهجوم 37 شخصا.'],
        // English: inline bold splits the group's name.
        ['name' => 'core/paragraph', 'content' => 'The <strong>Islamic</strong> State claimed the bombing on Monday.'],
        // A caption.
        ['name' => 'core/image', 'caption' => 'ISIS fighters in Raqqa, sources said.'],
    ],
    // rule => the visible text it flags, in article order
    'expected' => [
        ['attribution.vague-source', 'مصدر مطلع'],
        ['extremism.isis', 'وَبِداعش'],
        ['figures.count', '37 شخصا'],
        ['extremism.isis', 'Islamic State'],
        ['extremism.isis', 'ISIS'],
        ['attribution.vague-source', 'sources said'],
    ],
];
