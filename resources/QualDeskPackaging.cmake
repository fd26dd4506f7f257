# The Debian package (scripts/package): `cpack -G DEB` in the build folder writes
# qualdesk_<version>_amd64.deb. The version is project(VERSION); the library dependencies are
# computed from the binaries by dpkg-shlibdeps. Only what the binaries load at run time without
# linking it (Qt's SQLite and PostgreSQL drivers: the desk's own history, a team's history server)
# and what is nice to have are named by hand.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME qualdesk)
set(CPACK_PACKAGE_VENDOR "The QualDesk contributors")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "customer qualifications for Microsoft Partner Center partners")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_CONTACT "QualDesk maintainers <maintainers@qualdesk.org>")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6sql6-psql")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "qt6-translations-l10n, gnome-keyring | kwalletmanager | keepassxc, xdg-utils, qt6-wayland")
# The synopsis line comes from CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended text.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"QualDesk is a desktop application and a command-line tool for Microsoft
Partner Center partner staff. It looks up customers, shows their
qualifications with the vetting status, and submits Education, Government
Community Cloud and State-owned entity qualifications. Every submission is
recorded locally before it is sent, so nothing is lost or sent twice.
.
The interface is in Czech and English. A built-in simulator (qualdesk --demo,
qualdesk-sim) shows the whole flow without a Partner Center account.")

include(CPack)
