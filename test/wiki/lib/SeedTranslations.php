<?php
/**
 * deptbot test wiki: marks seeded pages for translation and saves their translations, through the
 * real Translate extension's API modules (run inside this process: no web server needed). The
 * benchmark marks its translated department with it too (bench/bench-wiki.ts).
 *
 *   php SeedTranslations.php <steps.tsv> <translations dir>
 *
 * steps.tsv, one step a line (tab-separated; # starts a comment):
 *   mark       <source page>         <user>   marks the latest revision (action=markfortranslation)
 *   mark-imported <source page>      <user>   the same for a page importDump.php wrote (see markImported)
 *   translate  <source page>/<lang>  <user>   saves the units in <dir>/<title, "/" as %2F>.txt
 *   stats      <source page>                  fills Translate's statistics cache for the page's group
 *   fuzzy      <Translations: page>           tags an imported translation as outdated (see tagFuzzy)
 *
 * A translation file holds units, each starting with its marker line `<!--T:<unit id>-->` (the
 * page title's unit: `<!--T:Page display title-->`) followed by the translation; a translation
 * starting with !!FUZZY!! is saved as outdated, as Translate does for such a text. Units not in
 * the file stay untranslated. Run maintenance/runJobs.php afterwards: Translate renders the
 * translation pages in jobs.
 */

use MediaWiki\Api\ApiMain;
use MediaWiki\Context\DerivativeContext;
use MediaWiki\Context\RequestContext;
use MediaWiki\Extension\Translate\MessageGroupProcessing\RevTagStore;
use MediaWiki\Extension\Translate\PageTranslation\TranslatablePage;
use MediaWiki\Extension\Translate\Services;
use MediaWiki\Extension\Translate\Statistics\MessageGroupStats;
use MediaWiki\MediaWikiServices;
use MediaWiki\Request\FauxRequest;
use MediaWiki\Title\Title;

require_once getenv( 'MW_INSTALL_PATH' ) . '/maintenance/Maintenance.php';

class SeedTranslations extends Maintenance {
	public function __construct() {
		parent::__construct();
		$this->addDescription( 'Mark seeded pages for translation and save their translations' );
		$this->addArg( 'steps', 'steps file (tsv)' );
		$this->addArg( 'dir', 'folder of the translation files' );
	}

	public function execute() {
		$lines = file( $this->getArg( 0 ), FILE_IGNORE_NEW_LINES ) ?: [];
		foreach ( $lines as $number => $line ) {
			if ( trim( $line ) === '' || str_starts_with( $line, '#' ) ) {
				continue;
			}
			[ $step, $title, $user ] = array_pad( explode( "\t", $line ), 3, '' );
			if ( $step === 'mark' ) {
				$this->mark( $title, $user );
			} elseif ( $step === 'mark-imported' ) {
				$this->markImported( $title, $user );
			} elseif ( $step === 'fuzzy' ) {
				$this->tagFuzzy( $title );
			} elseif ( $step === 'stats' ) {
				// Worked out afresh: the jobs marking queued cached figures from before the translations were there.
				MessageGroupStats::forGroup( "page-$title", MessageGroupStats::FLAG_NO_CACHE | MessageGroupStats::FLAG_IMMEDIATE_WRITES );
			} elseif ( $step === 'translate' ) {
				$this->translate( $title, $user );
			} else {
				$this->fatalError( $this->getArg( 0 ) . ':' . ( $number + 1 ) . ": unknown step \"$step\"" );
			}
		}
	}

	private function mark( string $title, string $user ): void {
		$revId = Title::newFromText( $title )->getLatestRevID();
		if ( !$revId ) {
			$this->fatalError( "cannot mark \"$title\" for translation: the page does not exist" );
		}
		$result = $this->api( $user, [
			'action' => 'markfortranslation', 'title' => $title, 'revid' => $revId, 'translatetitle' => 'yes',
		] );
		$this->output( "marked $title (revision $revId, {$result['markfortranslation']['unitcount']} units)\n" );
	}

	/**
	 * importDump.php runs no hook after a page is saved, so a page it wrote lacks the "ready" tag
	 * Translate gives a page with <translate> markup when it is saved: as Translate's own importer
	 * does (TranslatableBundleImporter), the tag is added, then the page is marked.
	 */
	private function markImported( string $title, string $user ): void {
		$page = Title::newFromText( $title );
		$revId = $page ? $page->getLatestRevID() : 0;
		if ( $revId ) {
			$translatable = TranslatablePage::newFromTitle( $page );
			// Marked already (a run before stopped later on): marking the same revision again changes nothing.
			if ( $translatable->getMarkedTag() === $revId ) {
				return;
			}
			$translatable->addReadyTag( $revId );
		}
		$this->mark( $title, $user );
	}

	/**
	 * Translate counts a translation as outdated by its "fuzzy" tag, which it adds when a text
	 * starting with !!FUZZY!! is saved; importDump.php runs no such hook, so the tag is added here.
	 */
	private function tagFuzzy( string $title ): void {
		$page = Title::newFromText( $title );
		$revId = $page ? $page->getLatestRevID() : 0;
		if ( !$revId ) {
			$this->fatalError( "cannot tag \"$title\" as outdated: the page does not exist" );
		}
		Services::getInstance()->getRevTagStore()->replaceTag( $page, RevTagStore::FUZZY_TAG, $revId );
	}

	private function translate( string $translationPage, string $user ): void {
		$slash = strrpos( $translationPage, '/' );
		$source = substr( $translationPage, 0, $slash );
		$language = substr( $translationPage, $slash + 1 );
		$file = $this->getArg( 1 ) . '/' . str_replace( '/', '%2F', $translationPage ) . '.txt';
		$units = $this->readUnits( $file );
		foreach ( $units as $unit => $text ) {
			$this->api( $user, [
				'action' => 'edit', 'title' => "Translations:$source/$unit/$language", 'text' => $text,
				'summary' => "Translation of unit $unit", 'recreate' => 1,
			] );
		}
		$this->output( "translated $translationPage: " . count( $units ) . " units\n" );
	}

	/** @return array<string,string> unit id => translation */
	private function readUnits( string $file ): array {
		$text = file_get_contents( $file );
		if ( $text === false ) {
			$this->fatalError( "translation file missing: $file" );
		}
		$parts = preg_split( '/^<!--T:([^>]+)-->\n/m', $text, -1, PREG_SPLIT_DELIM_CAPTURE );
		if ( trim( $parts[0] ) !== '' ) {
			$this->fatalError( "$file: text before the first <!--T:…--> marker" );
		}
		$units = [];
		for ( $i = 1; $i + 1 < count( $parts ); $i += 2 ) {
			$units[$parts[$i]] = rtrim( $parts[$i + 1], "\n" );
		}
		return $units;
	}

	private function api( string $userName, array $params ): array {
		$user = MediaWikiServices::getInstance()->getUserFactory()->newFromName( $userName );
		if ( !$user || !$user->isRegistered() ) {
			$this->fatalError( "no such user: $userName" );
		}
		$request = new FauxRequest( $params, true );
		$request->setVal( 'token', $user->getEditToken( '', $request ) );
		$context = new DerivativeContext( RequestContext::getMain() );
		$context->setRequest( $request );
		$context->setUser( $user );
		$api = new ApiMain( $context, true );
		$api->execute();
		$result = $api->getResult()->getResultData( null, [ 'Strip' => 'all' ] );
		// ApiMain in internal mode answers an error as data: a step that failed must stop the seeding.
		if ( isset( $result['error'] ) ) {
			$this->fatalError( "{$params['action']} of \"{$params['title']}\" as $userName failed: "
				. "{$result['error']['code']}: {$result['error']['info']}" );
		}
		return $result;
	}
}

$maintClass = SeedTranslations::class;
require_once RUN_MAINTENANCE_IF_MAIN;
