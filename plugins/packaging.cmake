# Packaging and the files around the plugin: the OCS-Lync configuration profile,
# the man pages, the filter reference, and the Debian package (cpack -G DEB).
#
# The scope rule of plugins/install-scope.cmake applies to everything here:
# system folders as root or with DESTDIR (cpack), personal folders otherwise.

include(GNUInstallDirs)

# Wireshark reads global profiles from <its data folder>/profiles (tshark -G folders:
# "Global configuration"), and copies one to the personal folder when it is selected.
set(MSOCS_PROFILE_SYSTEM_DIR "${Wireshark_INSTALL_PREFIX}/share/wireshark/profiles")
set(MSOCS_PROFILE_PERSONAL_DIR ".config/wireshark/profiles")

# msocs_install_extcap(<program> <name>)
#
# Installs an extcap program as <name>: system scope into Wireshark's extcap
# folder. Wireshark 4.0 has no personal extcap folder; a personal install puts
# it into ~/.local/lib/wireshark/extcap (the folder later releases read) and
# says how to point Wireshark 4.0 at it (WIRESHARK_EXTCAP_DIR).
function(msocs_install_extcap program name)
    install(CODE "
        ${MSOCS_SCOPE_CODE}
        if(scope STREQUAL \"system\")
            set(dest \"${Wireshark_EXTCAP_INSTALL_DIR}\")
        else()
            set(dest \"\$ENV{HOME}/.local/lib/wireshark/extcap\")
            message(STATUS \"Wireshark ${MSOCS_WIRESHARK_MAJOR_MINOR} reads extcap programs only from \"
                           \"${Wireshark_EXTCAP_INSTALL_DIR}: start it with \"
                           \"WIRESHARK_EXTCAP_DIR=\${dest} to use ${name}, or install as root\")
        endif()
        file(INSTALL \"${program}\" DESTINATION \"\${dest}\" RENAME \"${name}\"
             FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                              WORLD_READ WORLD_EXECUTE)
    ")
endfunction()

# The configuration profile: Edit > Configuration Profiles > OCS-Lync, tshark -C OCS-Lync.
msocs_install(${PROJECT_SOURCE_DIR}/plugins/profile/OCS-Lync
              "${MSOCS_PROFILE_SYSTEM_DIR}" "${MSOCS_PROFILE_PERSONAL_DIR}")

# Man pages (man finds ~/.local/share/man through ~/.local/bin in PATH).
foreach(page msocs-triage.1 ocslog2pcap.1 msocs.7)
    string(REGEX MATCH "[0-9]$" section ${page})
    msocs_install(${PROJECT_SOURCE_DIR}/plugins/man/${page}
                  "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_MANDIR}/man${section}"
                  ".local/share/man/man${section}")
endforeach()

# The generated display filter reference.
msocs_install(${PROJECT_SOURCE_DIR}/plugins/profile/filter-reference.md
              "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/doc/${PROJECT_NAME}"
              ".local/share/doc/${PROJECT_NAME}")

# cmake --build <build> --target filter-reference: regenerate the checked-in reference
# from the plugin just built (tests/tshark/test_profile.py fails when it is stale).
add_custom_target(filter-reference
    COMMAND ${PROJECT_SOURCE_DIR}/plugins/tools/gen-filter-reference
            --plugin-dir ${PROJECT_BINARY_DIR}/stage
            -o ${PROJECT_SOURCE_DIR}/plugins/profile/filter-reference.md
    DEPENDS msocs
    COMMENT "Regenerating plugins/profile/filter-reference.md"
    VERBATIM)

# ---------------------------------------------------------------- Debian package
# cpack -G DEB (in the build folder): <name>_<version>_<arch>.deb with the plugin,
# the profile, ocslog2pcap and its extcap, msocs-triage and the man pages, bound
# to the Wireshark release series the plugin was built against. One package per
# series: its version is the plugin's, e.g. 0.1.0+ws4.6, and it depends on the
# libwireshark soname package of that series (libwireshark16 on Debian 12's 4.0,
# libwireshark18 on Debian 13's 4.4, libwireshark19 on forky's 4.6).
# Only where the Wireshark found is a Debian-style shared library with a soname;
# elsewhere (Windows, macOS, a Wireshark built from source) the build and
# 'cmake --install' work the same, without the package.
get_target_property(_msocs_epan_configs epan IMPORTED_CONFIGURATIONS)
set(_msocs_epan_soname "")
if(_msocs_epan_configs)
    list(GET _msocs_epan_configs 0 _msocs_epan_config)
    get_target_property(_msocs_epan_soname epan IMPORTED_SONAME_${_msocs_epan_config})
endif()
if(NOT CMAKE_SYSTEM_NAME STREQUAL "Linux" OR NOT _msocs_epan_soname MATCHES "^libwireshark\\.so\\.([0-9]+)$")
    message(STATUS "No Debian package (cpack): libwireshark has no Linux soname here ('${_msocs_epan_soname}')")
    return()
endif()
# Debian names each library package after its soname
set(MSOCS_LIBWIRESHARK_PACKAGE "libwireshark${CMAKE_MATCH_1}")
set(_msocs_lib_packages "")
foreach(_lib wiretap wsutil)
    get_target_property(_so ${_lib} IMPORTED_SONAME_${_msocs_epan_config})
    if(_so MATCHES "^lib(${_lib})\\.so\\.([0-9]+)$")
        string(APPEND _msocs_lib_packages ", lib${CMAKE_MATCH_1}${CMAKE_MATCH_2}")
    endif()
endforeach()

set(MSOCS_PACKAGE_CONTACT "msocs-wireshark maintainers <msocs-wireshark@example.org>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "${PROJECT_NAME}")
set(CPACK_PACKAGE_VERSION "${MSOCS_PLUGIN_VERSION}")
set(CPACK_PACKAGE_CONTACT "${MSOCS_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Wireshark ${MSOCS_WIRESHARK_MAJOR_MINOR} plugins for Microsoft OCS/Lync traffic")
set(CPACK_PACKAGE_DESCRIPTION
"Dissectors for the SIP ms-diagnostics headers, MS-TURN (A/V Edge media relay),
MRAS credential exchanges and SIP SERVICE pairing, and an expert module that
flags known OCS/Lync failure signatures. Also ships the OCS-Lync configuration
profile, the ocslog2pcap log converter (and its ocslog extcap) and the
msocs-triage command.")
# cmake --install with DESTDIR: absolute destinations (Wireshark's folders) land in the package
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX "/usr")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# The plugin loads only into the Wireshark major.minor it was built for.
math(EXPR _msocs_next_minor "${Wireshark_MINOR_VERSION} + 1")
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "${MSOCS_LIBWIRESHARK_PACKAGE} (>= ${MSOCS_WIRESHARK_MAJOR_MINOR}), ${MSOCS_LIBWIRESHARK_PACKAGE} (<< ${Wireshark_MAJOR_VERSION}.${_msocs_next_minor}), tshark | wireshark, python3")
# library dependencies of ocslog2pcap and the plugin (libwiretap, libwsutil, GLib, libgcrypt, libc)
# (computed by dpkg-shlibdeps from package dpkg-dev; from the sonames otherwise)
find_program(MSOCS_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(MSOCS_DPKG_SHLIBDEPS)
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
    string(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS "${_msocs_lib_packages}, libglib2.0-0, libgcrypt20, libc6")
endif()
set(CPACK_DEBIAN_PACKAGE_ENHANCES "wireshark, tshark")
set(CPACK_STRIP_FILES ON)
include(CPack)
