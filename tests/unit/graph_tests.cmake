# Graphs (issue 9). test_graphs: the plotted data of every graph type, exactly, on scenario captures; CSV;
# decimation; synscope-cli graph; ack_rtt and bytes_in_flight cross-checked with tshark (skipped without it or
# without the shared corpus). test_graph_panel: the plot widget and GraphPanel offscreen (clicks select
# frames, tracer, zoom and pan keys, export, off-thread builds, the main window's Statistics menu).
# synscope-make-graph-capture: the captures of the graph pictures in docs/ and of the graph benchmark
# (synscope-cli bench --graph).
synscope_add_test(test_graphs ${CMAKE_CURRENT_SOURCE_DIR}/unit/test_graphs.cpp)
add_dependencies(test_graphs synscope-cli)
add_executable(synscope-make-graph-capture ${CMAKE_CURRENT_SOURCE_DIR}/unit/make_graph_capture.cpp)
target_link_libraries(synscope-make-graph-capture PRIVATE synscope_testkit)
if(SYNSCOPE_BUILD_GUI AND TARGET synscope_ui)
  synscope_add_test(test_graph_panel ${CMAKE_CURRENT_SOURCE_DIR}/gui/test_graph_panel.cpp LIBS synscope_ui)
  add_dependencies(test_graph_panel synscope-cli)
endif()
