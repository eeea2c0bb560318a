<?php

// For hosts without Composer: require this file, then use the Copydesk\ classes.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Copydesk\\')) {
        $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 9)) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});
