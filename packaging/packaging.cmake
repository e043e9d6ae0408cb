# Desktop integration, man pages and the Debian package (issue 10): `cpack -G DEB` in the build folder.
# Included from the top-level CMakeLists.txt after the programs are defined.
include(GNUInstallDirs)

set(SYNSCOPE_APP_ID io.github.synscope.SynScope)
set(SYNSCOPE_HOMEPAGE "https://github.com/synscope/synscope" CACHE STRING
    "The project's home page (package metadata, AppStream, copyright)")
set(SYNSCOPE_SCREENSHOT_BASE "${SYNSCOPE_HOMEPAGE}/raw/main/docs" CACHE STRING
    "Where AppStream finds the screenshots (docs/*.png of the repository, published)")
set(SYNSCOPE_LICENSE_SPDX "GPL-3.0-or-later" CACHE STRING
    "The license (SPDX); GPL-3.0-or-later as QCustomPlot, which the programs link, requires")
set(SYNSCOPE_MAINTAINER "SynScope developers <synscope@users.noreply.github.com>" CACHE STRING
    "The Debian package's maintainer (name <email>)")
set(SYNSCOPE_HELPER_PATH "${CMAKE_INSTALL_FULL_BINDIR}/synscope-capture")

set(pkg_src ${CMAKE_CURRENT_SOURCE_DIR}/packaging)
set(desktop_src ${CMAKE_CURRENT_SOURCE_DIR}/resources/desktop)
set(pkg_out ${CMAKE_CURRENT_BINARY_DIR}/packaging)

# --- Desktop entry, MIME type, AppStream metainfo -------------------------------------------------
configure_file(${desktop_src}/${SYNSCOPE_APP_ID}.metainfo.xml.in ${pkg_out}/${SYNSCOPE_APP_ID}.metainfo.xml @ONLY)
install(FILES ${desktop_src}/${SYNSCOPE_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${pkg_out}/${SYNSCOPE_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${desktop_src}/synscope-mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME ${SYNSCOPE_APP_ID}.xml)

# --- Icons: the SVG, and PNGs rendered from it at build time -------------------------------------
install(FILES ${desktop_src}/${SYNSCOPE_APP_ID}.svg DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
add_executable(synscope-render-icon ${pkg_src}/icon_renderer.cpp)
target_link_libraries(synscope-render-icon PRIVATE Qt6::Gui Qt6::Svg)
set(icon_pngs)
foreach(size 16 24 32 48 64 128 256)
  set(png ${pkg_out}/icons/${size}x${size}/${SYNSCOPE_APP_ID}.png)
  add_custom_command(OUTPUT ${png}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${pkg_out}/icons/${size}x${size}
    COMMAND synscope-render-icon ${desktop_src}/${SYNSCOPE_APP_ID}.svg ${size} ${png}
    DEPENDS synscope-render-icon ${desktop_src}/${SYNSCOPE_APP_ID}.svg
    COMMENT "Rendering the ${size}x${size} icon")
  list(APPEND icon_pngs ${png})
  install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
endforeach()

# --- Man pages and the changelog, gzip -9n (no name or time stamp: reproducible) ------------------
set(gzipped)
foreach(page synscope synscope-cli synscope-capture)
  configure_file(${pkg_src}/man/${page}.1 ${pkg_out}/man/${page}.1 @ONLY)
  add_custom_command(OUTPUT ${pkg_out}/man/${page}.1.gz
    COMMAND gzip -9nf -k ${pkg_out}/man/${page}.1
    DEPENDS ${pkg_out}/man/${page}.1 COMMENT "Compressing the ${page}(1) man page")
  list(APPEND gzipped ${pkg_out}/man/${page}.1.gz)
  install(FILES ${pkg_out}/man/${page}.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endforeach()
configure_file(${pkg_src}/debian/changelog.in ${pkg_out}/doc/changelog @ONLY)
add_custom_command(OUTPUT ${pkg_out}/doc/changelog.gz
  COMMAND gzip -9nf -k ${pkg_out}/doc/changelog
  DEPENDS ${pkg_out}/doc/changelog COMMENT "Compressing the changelog")
list(APPEND gzipped ${pkg_out}/doc/changelog.gz)
configure_file(${pkg_src}/debian/copyright.in ${pkg_out}/doc/copyright @ONLY)
install(FILES ${pkg_out}/doc/changelog.gz ${pkg_out}/doc/copyright DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/synscope)
add_custom_target(synscope-package-data ALL DEPENDS ${icon_pngs} ${gzipped})

# --- Maintainer scripts: the synscope group and the helper's rights ------------------------------
configure_file(${pkg_src}/debian/postinst.in ${pkg_out}/debian/postinst @ONLY
               FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
configure_file(${pkg_src}/debian/postrm.in ${pkg_out}/debian/postrm @ONLY
               FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

# --- CPack: one Debian package --------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME synscope)
set(CPACK_PACKAGE_VENDOR "The SynScope developers")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${SYNSCOPE_MAINTAINER}")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SYNSCOPE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${SYNSCOPE_HOMEPAGE}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The maintainer scripts: addgroup (adduser), setcap (libcap2-bin).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser, libcap2-bin")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "shared-mime-info, hicolor-icon-theme")
# The synopsis is the summary; the description is the extended text that follows it.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "capture analyzer that explains every TCP connection's life")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"SynScope reads pcap and pcapng captures and tells, for every TCP
connection, who opened it and how, who closed it and how, whether a port
was refused, rejected by a firewall or silently dropped, and which states
each side went through. It offers a desktop program (packet list,
protocol tree, connections panel, sequence diagrams, live capture) and
synscope-cli for scripts.
.
Live capture runs as a normal user through the small helper
synscope-capture, which holds the cap_net_raw and cap_net_admin
capabilities and may be run by members of the synscope group.")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${pkg_out}/debian/postinst;${pkg_out}/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
