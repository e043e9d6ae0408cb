# Exporting packets (issue 7). test_export: exportPackets, frame ranges, connection selection, failures
# and cancelling, synscope-cli export, and the cross-checks against tcpdump, capinfos and tshark (each
# skipped, saying so, when the tool is missing). test_export_dialog: the Export Packets dialog and
# "Export This Connection…", offscreen.
synscope_add_test(test_export ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_export.cpp)
add_dependencies(test_export synscope-cli)
if(SYNSCOPE_BUILD_GUI)
  synscope_add_test(test_export_dialog ${CMAKE_CURRENT_SOURCE_DIR}/gui/test_export_dialog.cpp LIBS synscope_ui)
  add_dependencies(test_export_dialog synscope-cli)
endif()
