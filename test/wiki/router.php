<?php
/**
 * Router for PHP's built-in web server, serving the MediaWiki tree given with -t (start.sh:
 * test/wiki/.data/mediawiki, MediaWiki 1.43 from Debian 13):
 *
 *   MW_CONFIG_FILE=test/wiki/.data/LocalSettings.php \
 *     php -S 127.0.0.1:18790 -t test/wiki/.data/mediawiki test/wiki/router.php
 *
 * - /api.php, /index.php, /load.php, /rest.php (also /index.php/Title, /rest.php/v1/…) run
 *   MediaWiki's entry points;
 * - existing static files (skins, resources, extension assets) are served by the server;
 * - "/" goes to the main page; "/deptbot-config-file" answers which LocalSettings.php this server
 *   runs (start.sh tells its own wiki from another one on the same port by it);
 * - anything else (other PHP files included) is 404.
 *
 * The response is held in an output buffer until the request is completely done, so that
 * MediaWiki's post-send deferred updates (secondary data updates such as LinksUpdate, jobs)
 * are finished before the client sees the response. Without it, MediaWiki lets php -S send the
 * response early (Content-Length + "Connection: close") and then keeps working, so a query
 * made right after an edit could race those updates.
 */

$wgDeptbotRouterRoot = rtrim( $_SERVER['DOCUMENT_ROOT'], '/' );
$wgDeptbotRouterPath = parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH ) ?: '/';
$wgDeptbotRouterPath = rawurldecode( $wgDeptbotRouterPath );

if ( !defined( 'MW_CONFIG_FILE' ) ) {
	define( 'MW_CONFIG_FILE', getenv( 'MW_CONFIG_FILE' ) ?: __DIR__ . '/.data/LocalSettings.php' );
}

if ( preg_match( '#^/(index|api|load|rest)\.php(/.*)?$#', $wgDeptbotRouterPath, $wgDeptbotRouterMatch ) ) {
	$wgDeptbotRouterEntry = $wgDeptbotRouterMatch[1] . '.php';
	$_SERVER['SCRIPT_NAME'] = '/' . $wgDeptbotRouterEntry;
	$_SERVER['PHP_SELF'] = '/' . $wgDeptbotRouterEntry . ( $wgDeptbotRouterMatch[2] ?? '' );
	$_SERVER['SCRIPT_FILENAME'] = "$wgDeptbotRouterRoot/$wgDeptbotRouterEntry";
	if ( isset( $wgDeptbotRouterMatch[2] ) && $wgDeptbotRouterMatch[2] !== '' ) {
		$_SERVER['PATH_INFO'] = $wgDeptbotRouterMatch[2];
	} else {
		unset( $_SERVER['PATH_INFO'] );
	}
	chdir( $wgDeptbotRouterRoot );
	ob_start();
	require "$wgDeptbotRouterRoot/$wgDeptbotRouterEntry";
	return true;
}

if ( $wgDeptbotRouterPath === '/deptbot-config-file' ) {
	header( 'Content-Type: text/plain; charset=utf-8' );
	echo MW_CONFIG_FILE;
	return true;
}

if ( $wgDeptbotRouterPath === '/' ) {
	header( 'Location: /index.php', true, 302 );
	return true;
}

// Static assets: let the built-in server send them (never PHP source or config).
if ( strpos( $wgDeptbotRouterPath, '..' ) === false && !preg_match( '/\.(php|phtml|inc|sqlite|json5?)$/i', $wgDeptbotRouterPath )
	&& is_file( $wgDeptbotRouterRoot . $wgDeptbotRouterPath )
) {
	return false;
}

http_response_code( 404 );
header( 'Content-Type: text/plain; charset=utf-8' );
echo "Not found: $wgDeptbotRouterPath\n";
return true;
