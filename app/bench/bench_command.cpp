// synscope-cli bench FILE [--json] [--export FILTER [--export-dir DIR]], and the dispatch to the other
// benchmarks: bench --live (capture_bench.cpp), bench --graph (graph_bench.cpp), bench --diagram
// (diagram_bench.cpp).
#include "bench_command.h"

#include "capture_bench.h"
#include "diagram_bench.h"
#include "export_bench.h"
#include "file_bench.h"
#include "graph_bench.h"

#include "app/cli/command_line.h"

namespace synscope::cli {

int runBench(const QStringList& arguments)
{
    if (wantsLiveBench(arguments))
        return runLiveBench(arguments);
    if (wantsGraphBench(arguments))
        return runGraphBench(arguments);
    if (wantsDiagramBench(arguments))
        return runDiagramBench(arguments);
    CommandLine line("bench",
                     "Measures the core on one capture: indexing, decoding every packet's list summary, the TCP "
                     "analysis (a pass of its own), with their memory, and opening the capture as SynScope does (index and "
                     "analysis together) with and without the analysis. Run it twice: the first run warms the page cache. 'bench --live' measures "
                     "live capture instead (see 'bench --live --help').");
    line.addFileArgument();
    line.keepProgramPathInHelp();
    const QCommandLineOption json("json", "Print the results as a JSON object.");
    const QCommandLineOption exportFilter("export", "Time an export instead: the packets matching FILTER written "
                                                    "to a pcap file (as 'export FILE -Y FILTER -w OUT').", "FILTER");
    const QCommandLineOption exportDir("export-dir", "Folder for the export benchmark's file (default /tmp); "
                                                     "the time includes writing it to disk.", "DIR", "/tmp");
    line.addOptions({json, exportFilter, exportDir});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    if (line.isSet(exportFilter))
        return runExportBench(line.file(), line.value(exportFilter).toStdString(), line.value(exportDir).toStdString(),
                              line.isSet(json));
    return runFileBench(line.file(), line.isSet(json));
}

} // namespace synscope::cli
