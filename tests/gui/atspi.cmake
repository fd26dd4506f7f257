# The real window over AT-SPI, as a screen reader sees it: qualdesk --demo under its own X server
# and D-Bus session (the accessibility bus and registry are started by D-Bus activation).
# Needs xvfb, dbus, at-spi2-core and Debian's python3-pyatspi (scripts/deps --test); skipped
# (exit 77) when one is missing.
find_program(QUALDESK_XVFB_RUN xvfb-run)
find_program(QUALDESK_DBUS_RUN_SESSION dbus-run-session)
# The system Python: pyatspi comes from a Debian package, not from a virtual environment.
find_program(QUALDESK_SYSTEM_PYTHON python3 PATHS /usr/bin NO_DEFAULT_PATH)
if(QUALDESK_XVFB_RUN AND QUALDESK_DBUS_RUN_SESSION AND QUALDESK_SYSTEM_PYTHON AND TARGET qualdesk)
    add_test(NAME tst_atspi
        COMMAND ${QUALDESK_XVFB_RUN} -a -s "-screen 0 1280x900x24"
                ${QUALDESK_DBUS_RUN_SESSION} -- ${QUALDESK_SYSTEM_PYTHON}
                ${CMAKE_CURRENT_LIST_DIR}/atspi_flow.py $<TARGET_FILE:qualdesk>)
    set_tests_properties(tst_atspi PROPERTIES LABELS "gui;atspi" TIMEOUT 180 SKIP_RETURN_CODE 77
        ENVIRONMENT "LC_ALL=C.UTF-8")
endif()
