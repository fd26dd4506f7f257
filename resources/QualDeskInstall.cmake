# Desktop integration installed by `cmake --install`: the .desktop entry, AppStream metainfo and
# the icon in the hicolor theme. The programs install themselves from their own folders.
set(QUALDESK_APP_ID org.qualdesk.QualDesk)
set(QUALDESK_RELEASE_DATE 2026-11-25) # date of the release named by project(VERSION)

configure_file(desktop/${QUALDESK_APP_ID}.metainfo.xml.in
    ${CMAKE_CURRENT_BINARY_DIR}/${QUALDESK_APP_ID}.metainfo.xml @ONLY)

install(FILES desktop/${QUALDESK_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${QUALDESK_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES icons/${QUALDESK_APP_ID}.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
