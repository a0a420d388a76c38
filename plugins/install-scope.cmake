# Install-time code that sets 'scope' to system or personal (shared by every
# install function of the suite).
set(MSOCS_SCOPE_CODE "
        set(scope \"${MSOCS_INSTALL_SCOPE}\")
        if(scope STREQUAL \"auto\")
            execute_process(COMMAND id -u OUTPUT_VARIABLE uid OUTPUT_STRIP_TRAILING_WHITESPACE)
            if(uid STREQUAL \"0\" OR NOT \"\$ENV{DESTDIR}\" STREQUAL \"\")
                set(scope system)
            else()
                set(scope personal)
            endif()
        endif()")

# msocs_install(<file or directory> <system destination> <personal destination relative to $HOME> [PROGRAM])
#
# Installs a file (or a directory with its contents, as <destination>/<name>)
# where Wireshark and the user find it. The choice between the
# system folders and the personal ones is made when 'cmake --install' runs (as
# root, or with DESTDIR for packaging: system; otherwise: personal), unless
# MSOCS_INSTALL_SCOPE says system or personal.
function(msocs_install file system_dest personal_dest)
    if(ARGN STREQUAL "PROGRAM")
        set(perms "OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE")
    else()
        set(perms "OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ")
    endif()
    install(CODE "
        ${MSOCS_SCOPE_CODE}
        if(scope STREQUAL \"system\")
            set(dest \"${system_dest}\")
        else()
            set(dest \"\$ENV{HOME}/${personal_dest}\")
        endif()
        file(INSTALL \"${file}\" DESTINATION \"\${dest}\" FILE_PERMISSIONS ${perms}
             DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                   WORLD_READ WORLD_EXECUTE)
    ")
endfunction()
