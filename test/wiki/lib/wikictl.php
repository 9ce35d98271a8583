<?php
/**
 * Small helper for test/wiki/*.sh (plain PHP, no MediaWiki bootstrap, no php-curl needed).
 *
 *   php wikictl.php wait <apiUrl> <seconds>
 *       Poll meta=siteinfo until the wiki answers; exit 1 on timeout.
 *   php wikictl.php init-credentials <file> <serverUrl>
 *       Create credentials.json with fresh random passwords if it does not exist; always
 *       (re)write apiUrl/serverUrl for the current port.
 *   php wikictl.php get <file> <dotted.key>
 *       Print one value from credentials.json, e.g. bot.password.
 *   php wikictl.php check-login <apiUrl> <user> <password> [right,right,...]
 *       action=login with a BotPassword (login token + cookies), then meta=userinfo; fail
 *       unless the login succeeds and every listed right is present.
 *   php wikictl.php check-pages <apiUrl> <manifest.tsv>
 *       Fail unless every title of the seed manifest exists (batched, 50 a request).
 */

function fail( string $msg ): void {
	fwrite( STDERR, "wiki: $msg\n" );
	exit( 1 );
}

/** HTTP request with a cookie jar; returns decoded JSON (or null). */
function http( string $url, ?array $post, array &$jar, int $timeout = 10 ): ?array {
	$headers = [ 'User-Agent: deptbot-test-wiki/1.0 (test/wiki/lib/wikictl.php)' ];
	if ( $jar ) {
		$pairs = [];
		foreach ( $jar as $k => $v ) {
			$pairs[] = "$k=$v";
		}
		$headers[] = 'Cookie: ' . implode( '; ', $pairs );
	}
	$opts = [ 'method' => 'GET', 'timeout' => $timeout, 'ignore_errors' => true ];
	if ( $post !== null ) {
		$opts['method'] = 'POST';
		$headers[] = 'Content-Type: application/x-www-form-urlencoded';
		$opts['content'] = http_build_query( $post );
	}
	$opts['header'] = implode( "\r\n", $headers );
	$body = @file_get_contents( $url, false, stream_context_create( [ 'http' => $opts ] ) );
	foreach ( $http_response_header ?? [] as $h ) {
		if ( preg_match( '/^Set-Cookie:\s*([^=;\s]+)=([^;]*)/i', $h, $m ) ) {
			if ( $m[2] === 'deleted' || $m[2] === '' ) {
				unset( $jar[$m[1]] );
			} else {
				$jar[$m[1]] = $m[2];
			}
		}
	}
	if ( $body === false ) {
		return null;
	}
	$data = json_decode( $body, true );
	return is_array( $data ) ? $data : null;
}

function readCredentials( string $file ): array {
	$data = json_decode( (string)@file_get_contents( $file ), true );
	if ( !is_array( $data ) ) {
		fail( "cannot read $file" );
	}
	return $data;
}

/**
 * 40 random characters. BotPassword passwords must match /^[0-9a-w]{32,}$/ (MediaWiki's
 * BotPassword::canonicalizeLoginData), otherwise action=login rejects them as "Incorrect
 * username or password"; main account passwords may use any characters.
 */
function newPassword( bool $botPassword = false ): string {
	$alphabet = $botPassword ? '0123456789abcdefghijklmnopqrstuvw'
		: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	$out = '';
	for ( $i = 0; $i < 40; $i++ ) {
		$out .= $alphabet[random_int( 0, strlen( $alphabet ) - 1 )];
	}
	return $out;
}

$cmd = $argv[1] ?? '';
switch ( $cmd ) {
	case 'wait':
		[ , , $api, $seconds ] = $argv + [ null, null, null, '60' ];
		$deadline = microtime( true ) + (float)$seconds;
		$jar = [];
		do {
			$r = http( "$api?action=query&meta=siteinfo&format=json", null, $jar, 5 );
			if ( isset( $r['query']['general']['sitename'] ) ) {
				exit( 0 );
			}
			usleep( 250000 );
		} while ( microtime( true ) < $deadline );
		exit( 1 );

	case 'init-credentials':
		[ , , $file, $server ] = $argv + [ null, null, null, null ];
		$data = is_file( $file ) ? readCredentials( $file ) : null;
		if ( $data === null ) {
			$data = [
				'apiUrl' => '',
				'serverUrl' => '',
				'bot' => [ 'username' => 'DeptBot@deptbot', 'password' => newPassword( true ) ],
				'editor' => [ 'username' => 'Editor1@tests', 'password' => newPassword( true ) ],
				'admin' => [ 'username' => 'Admin@tests', 'password' => newPassword( true ) ],
				// Main account passwords (web UI login; API clients use the BotPasswords above).
				'accounts' => [
					'Admin' => newPassword(),
					'DeptBot' => newPassword(),
					'Editor1' => newPassword(),
				],
			];
		}
		$data['apiUrl'] = "$server/api.php";
		$data['serverUrl'] = $server;
		$json = json_encode( $data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) . "\n";
		if ( !is_file( $file ) || file_get_contents( $file ) !== $json ) {
			file_put_contents( $file, $json );
			chmod( $file, 0600 );
		}
		exit( 0 );

	case 'get':
		[ , , $file, $key ] = $argv + [ null, null, null, '' ];
		$v = readCredentials( $file );
		foreach ( explode( '.', $key ) as $part ) {
			if ( !is_array( $v ) || !array_key_exists( $part, $v ) ) {
				fail( "no $key in $file" );
			}
			$v = $v[$part];
		}
		echo $v;
		exit( 0 );

	case 'check-login':
		[ , , $api, $user, $pass, $rights ] = $argv + [ null, null, null, null, null, '' ];
		$jar = [];
		$r = http( "$api?action=query&meta=tokens&type=login&format=json", null, $jar );
		$token = $r['query']['tokens']['logintoken'] ?? null;
		if ( !$token ) {
			fail( "no login token from $api" );
		}
		$r = http( $api, [ 'action' => 'login', 'lgname' => $user, 'lgpassword' => $pass,
			'lgtoken' => $token, 'format' => 'json' ], $jar );
		if ( ( $r['login']['result'] ?? '' ) !== 'Success' ) {
			fail( "login as $user failed: " . json_encode( $r ) );
		}
		$r = http( "$api?action=query&meta=userinfo&uiprop=rights|groups&format=json", null, $jar );
		$have = $r['query']['userinfo']['rights'] ?? [];
		$missing = array_diff( array_filter( explode( ',', $rights ) ), $have );
		if ( $missing ) {
			fail( "$user logged in but lacks rights: " . implode( ', ', $missing ) );
		}
		exit( 0 );

	case 'check-pages':
		[ , , $api, $manifest ] = $argv + [ null, null, null, null ];
		$titles = [];
		foreach ( file( $manifest, FILE_IGNORE_NEW_LINES ) as $line ) {
			if ( $line === '' || $line[0] === '#' ) {
				continue;
			}
			$titles[] = explode( "\t", $line )[0];
		}
		$jar = [];
		$missing = [];
		foreach ( array_chunk( $titles, 50 ) as $chunk ) {
			$r = http( "$api?" . http_build_query( [ 'action' => 'query', 'titles' => implode( '|', $chunk ),
				'format' => 'json', 'formatversion' => 2 ] ), null, $jar );
			if ( !isset( $r['query']['pages'] ) ) {
				fail( 'page query failed: ' . json_encode( $r ) );
			}
			foreach ( $r['query']['pages'] as $p ) {
				if ( !empty( $p['missing'] ) || !empty( $p['invalid'] ) ) {
					$missing[] = $p['title'];
				}
			}
		}
		if ( $missing ) {
			fail( 'seeded pages missing: ' . implode( ', ', $missing ) );
		}
		exit( 0 );

	default:
		fail( "usage: php wikictl.php wait|init-credentials|get|check-login|check-pages …" );
}
