# Window tests (qualdesk_ui) against the in-process simulator; one executable per concern.
add_library(qualdesk_gui_harness STATIC ${CMAKE_CURRENT_LIST_DIR}/GuiHarness.h ${CMAKE_CURRENT_LIST_DIR}/GuiHarness.cpp)
target_include_directories(qualdesk_gui_harness PUBLIC ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(qualdesk_gui_harness PUBLIC qualdesk_app qualdesk_settings qualdesk_ui qualdesk_core qualdesk_sim Qt6::Test)

qualdesk_add_test(tst_uimodels SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_uimodels.cpp
    LIBS qualdesk_ui GUI)
qualdesk_add_test(tst_mainwindow SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_mainwindow.cpp
    LIBS qualdesk_gui_harness GUI TIMEOUT 300)
qualdesk_add_test(tst_signinui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_signinui.cpp
    LIBS qualdesk_gui_harness GUI)
qualdesk_add_test(tst_languageswitch SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_languageswitch.cpp
    LIBS qualdesk_gui_harness GUI)
# Its team-history tests start a PostgreSQL server of their own.
qualdesk_add_test(tst_settingsdialog SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_settingsdialog.cpp
    LIBS qualdesk_ui GUI LABELS postgres TIMEOUT 300)
qualdesk_add_test(tst_proxyui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_proxyui.cpp
    LIBS qualdesk_gui_harness GUI)
# The window on a team's history: a real PostgreSQL server started by the test.
qualdesk_add_test(tst_teamhistoryui SOURCES ${CMAKE_CURRENT_LIST_DIR}/tst_teamhistoryui.cpp
    LIBS qualdesk_gui_harness GUI LABELS postgres TIMEOUT 300)
