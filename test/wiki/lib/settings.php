<?php
/**
 * deptbot test wiki: settings loaded from the generated LocalSettings.php
 * (test/wiki/.data/LocalSettings.php ends with a require_once of this file).
 *
 * Everything the wiki writes goes to the data folder ($wgDeptbotDataDir).
 */
if ( !defined( 'MEDIAWIKI' ) ) {
	exit;
}

// The data folder is where LocalSettings.php lives (test/wiki/.data, or $WIKI_DATA_DIR).
$wgDeptbotDataDir = dirname( MW_CONFIG_FILE );

// Port: start.sh exports WIKI_PORT (default 18790) for the server and maintenance scripts.
$wgServer = 'http://127.0.0.1:' . ( getenv( 'WIKI_PORT' ) ?: '18790' );
$wgCanonicalServer = $wgServer;
$wgScriptPath = '';
$wgArticlePath = '/index.php/$1';
$wgUsePathInfo = true;

// Extensions bundled with Debian's mediawiki package (Translate and ULS: below).
wfLoadExtension( 'ParserFunctions' );

// Accounts.
$wgEnableBotPasswords = true;
$wgEnableEmail = false;
$wgEnableUserEmail = false;
$wgEmailAuthentication = false;
// Core gives 'noratelimit' only to sysop and bureaucrat; give it to bots as well, so the
// default $wgRateLimits do not throttle DeptBot (its BotPassword's 'highvolume' grant allows it).
$wgGroupPermissions['bot']['noratelimit'] = true;
// Test accounts are autoconfirmed at once, and human accounts may save often: integration tests
// set up many pages as Editor1. Rate-limit errors are produced on demand by the fault proxy.
$wgAutoConfirmAge = 0;
$wgAutoConfirmCount = 0;
$wgRateLimits['edit']['newbie'] = [ 5000, 60 ];
$wgRateLimits['edit']['user'] = [ 5000, 60 ];
$wgEnotifUserTalk = false;
$wgEnotifWatchlist = false;

// Caches: no object cache (deterministic for tests); sessions and the parser cache in
// the SQLite "wikicache" database (sessions must survive between requests).
$wgMainCacheType = CACHE_NONE;
$wgSessionCacheType = CACHE_DB;
$wgParserCacheType = CACHE_DB;
$wgMessageCacheType = CACHE_DB;
$wgCacheDirectory = "$wgDeptbotDataDir/cache";
// Editing this file invalidates cached page renderings (core only watches LocalSettings.php).
$wgCacheEpoch = max( $wgCacheEpoch, gmdate( 'YmdHis', filemtime( __FILE__ ) ) );
$wgUploadDirectory = "$wgDeptbotDataDir/images";
$wgEnableUploads = false;
$wgUseInstantCommons = false;

// Jobs: link tables (categorylinks, templatelinks, redirect, pagelinks) of the edited page
// are written by the edit request itself (deferred update; test/wiki/router.php holds the
// response until deferred updates are done). Jobs (cascading updates after template edits)
// run synchronously at the end of web requests instead of via an async HTTP call.
$wgJobRunRate = 1;
$wgRunJobsAsync = false;

// Debugging.
$wgShowExceptionDetails = true;
$wgDBerrorLog = "$wgDeptbotDataDir/logs/dberror.log";
$wgDebugLogGroups['exception'] = "$wgDeptbotDataDir/logs/exception.log";
$wgDebugLogGroups['error'] = "$wgDeptbotDataDir/logs/error.log";
ini_set( 'error_log', "$wgDeptbotDataDir/logs/php-error.log" );

// No telemetry, no outbound HTTP.
$wgPingback = false;

/*
 * Translate (REL1_43) and UniversalLanguageSelector, unmodified upstream archives from
 * ../shared/vendor unpacked into extensions/ by lib/fetch-mediawiki.sh. Page translation as on
 * Meta: sysops and the "translationadmin" group may mark pages for translation; every user may
 * translate. DeptBot is in "translationadmin" (start.sh), so it holds `pagetranslation` like a
 * bot account that an operator has given the right on Meta; tests remove it to see what the bot
 * does without it.
 */
wfLoadExtension( 'UniversalLanguageSelector' );
wfLoadExtension( 'Translate' );
$wgGroupPermissions['user']['translate'] = true;
$wgGroupPermissions['user']['translate-messagereview'] = true;
$wgGroupPermissions['sysop']['pagetranslation'] = true;
$wgGroupPermissions['sysop']['translate-manage'] = true;
$wgGroupPermissions['translationadmin']['pagetranslation'] = true;
$wgGroupPermissions['translationadmin']['translate-manage'] = true;
$wgAddGroups['bureaucrat'][] = 'translationadmin';
$wgRemoveGroups['bureaucrat'][] = 'translationadmin';
// No outbound HTTP: no machine translation services, no geolocation for ULS.
$wgTranslateTranslationServices = [];
$wgULSGeoService = false;
$wgULSWebfontsEnabled = false;

// {{int:lang}} (used in Meta's translation calls to action) gives the user's language code,
// as MediaWiki:Lang and its /xx subpages do on Meta.
$wgHooks['MessagesPreLoad'][] = static function ( $title, &$message, $code ) {
	if ( $title === 'Lang' || str_starts_with( $title, 'Lang/' ) ) {
		$message = $code;
	}
	return true;
};

/*
 * CLDR extension stand-in. Without CLDR (not packaged for Debian), core answers
 * {{#language:ru|en}} with the autonym "русский"; Meta (which runs CLDR) says "Russian".
 * Translated language names come from ICU through php-intl instead.
 */
$wgHooks['LanguageGetTranslatedLanguageNames'][] = static function ( &$names, $inLanguage ) {
	if ( !class_exists( Locale::class ) ) {
		return true;
	}
	$display = str_replace( '-', '_', $inLanguage );
	foreach ( array_keys( MediaWiki\Languages\Data\Names::$names ) as $code ) {
		if ( isset( $names[$code] ) ) {
			continue;
		}
		$name = Locale::getDisplayName( str_replace( '-', '_', $code ), $display );
		if ( is_string( $name ) && $name !== '' && strcasecmp( $name, $code ) !== 0
			&& strcasecmp( $name, str_replace( '-', '_', $code ) ) !== 0
		) {
			$names[$code] = $name;
		}
	}
	return true;
};
