#!/usr/bin/env bash
# Build the MediaWiki tree of the test wiki in ${MW_IP} (inside the git-ignored data folder):
#  - Debian 13 (trixie)'s `mediawiki` and `mediawiki-classes` packages (MediaWiki 1.43 LTS, pure
#    PHP with their own vendor/), fetched with `apt-get download` through a private sources list
#    (${APT_DIR}/sources.list, private lists and cache: the machine's apt sources are not changed)
#    and unpacked with `dpkg-deb -x`; the newest 1.43 the archive offers (trixie-security first),
#    so no version is pinned that the archive may drop;
#  - the links the packages make into /var/lib/mediawiki (extensions, config, images,
#    LocalSettings.php) replaced by our own: extensions/ holds links to the bundled extensions
#    (extensions-core/) plus Translate and UniversalLanguageSelector unpacked from the upstream
#    archives in ${VENDOR_DIR} (../shared/vendor/ beside the repository);
#  - ${MW_VERSIONS} records what was installed. A no-op when that file matches the archives.
# Run by start.sh; also runnable on its own. Several wikis (WIKI_DATA_DIR) share the one tree:
# its own lock serialises building it.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
mkdir -p "${MW_BUILD}"
exec 8>"${MW_BUILD}/.mediawiki.lock"
flock -w 900 8 || die "another build of ${MW_IP} is still running (${MW_BUILD}/.mediawiki.lock)"

APT_DIR="${MW_BUILD}/apt"
VENDOR_ARCHIVES=(Translate UniversalLanguageSelector)

# The Debian mirror this machine uses (deb.debian.org if none is found), for trixie as well.
debian_mirror() {
  local uri
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -oE '(https?|mirror\+https?)://[^ ]+/debian/?( |$)' | head -n1 | tr -d ' ' || true)"
  echo "${uri:-http://deb.debian.org/debian}" | sed 's:/*$::'
}

# The vendor archive of an extension, e.g. Translate-REL1_43-d645dd1.tar.gz (exactly one).
vendor_archive() {
  local found=("${VENDOR_DIR}/$1"-REL1_43-*.tar.gz)
  [[ -f "${found[0]}" ]] || die "no $1-REL1_43-*.tar.gz in ${VENDOR_DIR} (set WIKI_VENDOR_DIR)"
  ((${#found[@]} == 1)) || die "more than one $1 archive in ${VENDOR_DIR}"
  echo "${found[0]}"
}

apt_private() {
  apt-get -q -o Dir::Etc::sourcelist="${APT_DIR}/sources.list" -o Dir::Etc::sourceparts=/dev/null \
    -o Dir::State::Lists="${APT_DIR}/lists" -o Dir::Cache="${APT_DIR}/cache" \
    -o APT::Sandbox::User=root "$@"
}

# Download the newest trixie mediawiki + mediawiki-classes into ${APT_DIR}/debs; print the version.
download_packages() {
  local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mirror="$(debian_mirror)"
  [[ -f /usr/share/keyrings/debian-archive-trixie-stable.gpg ]] ||
    die "the Debian 13 (trixie) archive keys are missing: apt-get install debian-archive-keyring"
  mkdir -p "${APT_DIR}/lists/partial" "${APT_DIR}/cache/archives/partial" "${APT_DIR}/debs"
  cat >"${APT_DIR}/sources.list" <<EOF
# Private to the deptbot test wiki (test/wiki/lib/fetch-mediawiki.sh); not used by the machine.
deb [signed-by=${keyring}] ${mirror} trixie trixie-updates main
deb [signed-by=${keyring}] ${mirror}-security trixie-security main
EOF
  apt_private update >"${APT_DIR}/update.log" 2>&1 || { cat "${APT_DIR}/update.log" >&2; die "apt-get update (trixie) failed"; }
  rm -f "${APT_DIR}/debs"/*.deb
  (cd "${APT_DIR}/debs" && apt_private download mediawiki mediawiki-classes >"${APT_DIR}/download.log" 2>&1) ||
    { cat "${APT_DIR}/download.log" >&2; die "apt-get download mediawiki mediawiki-classes (trixie) failed"; }
  dpkg-deb -f "$(ls "${APT_DIR}"/debs/mediawiki_*.deb)" Version
}

# Unpack the packages and the extension archives into a new tree and move it into place.
build_tree() {
  local version="$1" tmp="${MW_BUILD}/mediawiki.new" name
  rm -rf "${tmp}" && mkdir -p "${tmp}/root"
  for deb in "${APT_DIR}"/debs/*.deb; do dpkg-deb -x "${deb}" "${tmp}/root"; done
  mv "${tmp}/root/usr/share/mediawiki" "${tmp}/mw" && rm -rf "${tmp}/root"
  # Links into /var/lib/mediawiki (and /etc/mediawiki) go; extensions/ becomes ours.
  rm -f "${tmp}/mw/extensions" "${tmp}/mw/config" "${tmp}/mw/images" "${tmp}/mw/LocalSettings.php"
  mkdir "${tmp}/mw/extensions"
  for ext in "${tmp}/mw/extensions-core"/*/; do
    name="$(basename "${ext}")"
    ln -s "../extensions-core/${name}" "${tmp}/mw/extensions/${name}"
  done
  for name in "${VENDOR_ARCHIVES[@]}"; do
    tar -xzf "$(vendor_archive "${name}")" -C "${tmp}/mw/extensions"
    [[ -f "${tmp}/mw/extensions/${name}/extension.json" ]] || die "$(vendor_archive "${name}") did not unpack into ${name}/"
  done
  rm -rf "${MW_IP}" && mv "${tmp}/mw" "${MW_IP}" && rm -rf "${tmp}"
  {
    echo "mediawiki ${version} (Debian 13 trixie, MW_VERSION $(grep -oP "define\( 'MW_VERSION', '\K[^']+" "${MW_IP}/includes/Defines.php"))"
    for name in "${VENDOR_ARCHIVES[@]}"; do basename "$(vendor_archive "${name}")"; done
  } >"${MW_VERSIONS}"
}

# What ${MW_VERSIONS} must list besides the MediaWiki line (the extension archives in use).
wanted_archives() {
  for name in "${VENDOR_ARCHIVES[@]}"; do basename "$(vendor_archive "${name}")"; done
}

if [[ -f "${MW_VERSIONS}" && -f "${MW_IP}/maintenance/install.php" ]] &&
  [[ "$(tail -n +2 "${MW_VERSIONS}")" == "$(wanted_archives)" ]]; then
  exit 0
fi
t_fetch=$SECONDS
echo "wiki: fetching MediaWiki 1.43 (Debian 13) into ${MW_IP}"
version="$(download_packages)"
[[ "${version}" == *:1.43.* ]] || die "Debian 13 offers mediawiki ${version}, not 1.43"
build_tree "${version}"
echo "wiki: $(head -n1 "${MW_VERSIONS}") with $(tail -n +2 "${MW_VERSIONS}" | tr '\n' ' ')in $((SECONDS - t_fetch)) s"
