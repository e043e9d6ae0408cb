#pragma once
// The capture helper's interface with the programs that start it: its command line, built from a
// LiveOptions, and its status lines, the machine-readable side (one event per line on --status-fd):
//
//   synscope-capture-status 1                                 first, the protocol version
//   interface LINKTYPE SNAPLEN NANO NAME                      each interface as opened (NANO: 0 or 1)
//   started                                                   the file header is written; packets follow
//   stats WRITTEN BYTES RECEIVED DROPPED IFDROPPED SECONDS    every 250 ms and once at the end
//   error KIND MESSAGE                                        the capture did not start (KIND below)
//   failure MESSAGE                                           the capture stopped by itself
//   end                                                       the output is complete and closed
//
// KIND: usage (a bad argument), bad-filter, no-interface, no-permission, output (the file), other.
// Counters are decimal; RECEIVED/DROPPED/IFDROPPED are pcap_stats' ps_recv/ps_drop/ps_ifdrop summed.
#include "capture/capture_writer.h"
#include "live/live_capture.h"

#include <string>
#include <vector>

namespace synscope {

inline constexpr const char* kHelperStatusVersionLine = "synscope-capture-status 1";

// The arguments (without argv[0]) that make the helper capture as `o` says, writing the capture to its
// standard output and its status lines to descriptor `statusFd`.
std::vector<std::string> helperArguments(const LiveOptions& o, bool classicPcap, int statusFd);

std::string statusInterfaceLine(const WriterInterface& iface);
std::string statusStatsLine(const LiveStatistics& s);
std::string statusErrorLine(const std::string& kind, const std::string& message);
std::string statusFailureLine(const std::string& message);

struct HelperStatus {
    enum class Type { Version, Interface, Started, Stats, Error, Failure, End, Unknown };
    Type type = Type::Unknown;
    WriterInterface iface;  // Interface
    LiveStatistics stats;   // Stats
    std::string kind;       // Error
    std::string message;    // Error, Failure
};
// One status line (without its '\n'); a malformed line is Unknown.
HelperStatus parseStatusLine(const std::string& line);

} // namespace synscope
