# Desktop integration installed by `cmake --install` and packaged by scripts/package: the .desktop
# entry, AppStream metainfo, the icon in the hicolor theme (SVG, plus PNG sizes when rsvg-convert
# is available), man pages, bash completion and the documents Debian expects in /usr/share/doc.
# The programs install themselves from their own folders.
set(QUALDESK_APP_ID org.qualdesk.QualDesk)
# The date of the release named by project(VERSION); metainfo, man pages and changelog show it.
set(QUALDESK_RELEASE_DATE 2026-11-25)
set(QUALDESK_RELEASE_DATE_RFC2822 "Wed, 25 Nov 2026 12:00:00 +0000")
set(qualdesk_docdir ${CMAKE_INSTALL_DATADIR}/doc/qualdesk)
set(out ${CMAKE_CURRENT_BINARY_DIR})

configure_file(desktop/${QUALDESK_APP_ID}.metainfo.xml.in ${out}/${QUALDESK_APP_ID}.metainfo.xml @ONLY)
install(FILES desktop/${QUALDESK_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${out}/${QUALDESK_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)

# Icons.
install(FILES icons/${QUALDESK_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
find_program(QUALDESK_RSVG_CONVERT rsvg-convert)
if(QUALDESK_RSVG_CONVERT)
    set(png_files)
    foreach(size 16 22 24 32 48 64 128 256 512)
        set(png ${out}/icons/${size}x${size}/${QUALDESK_APP_ID}.png)
        add_custom_command(OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${out}/icons/${size}x${size}
            COMMAND ${QUALDESK_RSVG_CONVERT} -w ${size} -h ${size}
                    -o ${png} ${CMAKE_CURRENT_SOURCE_DIR}/icons/${QUALDESK_APP_ID}.svg
            DEPENDS icons/${QUALDESK_APP_ID}.svg
            VERBATIM)
        list(APPEND png_files ${png})
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
    add_custom_target(qualdesk_png_icons ALL DEPENDS ${png_files})
else()
    message(STATUS "rsvg-convert not found: installing the SVG icon only")
endif()

# Man pages and the Debian changelog, configured with the version and compressed as Debian wants.
find_program(QUALDESK_GZIP gzip REQUIRED)
set(gz_files)
function(qualdesk_gzip_install input output destination)
    add_custom_command(OUTPUT ${output}.gz
        COMMAND ${QUALDESK_GZIP} -9 -n -c ${output} > ${output}.gz
        DEPENDS ${input}
        VERBATIM)
    install(FILES ${output}.gz DESTINATION ${destination})
    set(gz_files ${gz_files} ${output}.gz PARENT_SCOPE)
endfunction()
foreach(page qualdesk qualdesk-cli qualdesk-sim)
    configure_file(man/${page}.1.in ${out}/man/${page}.1 @ONLY)
    qualdesk_gzip_install(${out}/man/${page}.1 ${out}/man/${page}.1 ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
configure_file(package/changelog.in ${out}/package/changelog @ONLY)
qualdesk_gzip_install(${out}/package/changelog ${out}/package/changelog ${qualdesk_docdir})
add_custom_target(qualdesk_compressed_docs ALL DEPENDS ${gz_files})

install(FILES completion/qualdesk-cli DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES package/copyright ${PROJECT_SOURCE_DIR}/THIRD-PARTY-NOTICES DESTINATION ${qualdesk_docdir})
