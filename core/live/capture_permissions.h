#pragma once
// What to tell a user whom libpcap refused: exactly what is missing and the command that fixes it. A
// program without capture rights captures through the capture helper (synscope-capture, a small program
// with file capabilities that only the synscope group may run); which route applies, and what stands in
// its way, is decided here so the CLI and the GUI say the same thing.
#include <string>

namespace synscope {

// The running program's real path (/proc/self/exe), e.g. "/usr/bin/synscope-cli".
std::string currentExecutablePath();
// Whether this process may capture (root, or CAP_NET_RAW and CAP_NET_ADMIN in its effective set).
bool processCanCapture();

// How a capture can happen, or what blocks it.
enum class CaptureRouteKind {
    InProcess,                 // this process has the rights (root, or capabilities of its own)
    Helper,                    // through the capture helper: found, executable by us, with capabilities
    HelperNotInGroup,          // the helper is the synscope group's only, and the user is not in it
    HelperNeedsNewLogin,       // the user is in the group, but this session started before being added
    HelperNotExecutable,       // the helper exists but this user may not run it (another reason)
    HelperWithoutCapabilities, // the helper runs, but lacks cap_net_raw,cap_net_admin (or they are not +ep)
    NoHelper,                  // no helper next to this program or in the install folder
};

struct CaptureRoute {
    CaptureRouteKind kind = CaptureRouteKind::NoHelper;
    std::string helperPath;    // the helper found ("" for InProcess and NoHelper)
    bool packaged = false;     // the helper where the package installs it (dpkg-reconfigure applies)
    std::string user;          // the invoking user's name, for the usermod command
    bool canCapture() const { return kind == CaptureRouteKind::InProcess || kind == CaptureRouteKind::Helper; }
};

// The capture helper this program would use: next to the running binary (a build tree, or /usr/bin),
// else in the configured install folder. "" when there is none.
std::string findCaptureHelper();
// Whether `path` carries cap_net_raw and cap_net_admin as permitted and effective file capabilities.
bool fileHasCaptureCapabilities(const std::string& path);
// Which route this process has to a capture, checked now (cheap: a few stat and getxattr calls).
CaptureRoute captureRoute();
// The advice for a route that cannot capture: what to do, with the exact command. For the Helper route
// (rights granted but refused all the same) how to capture anyway; for InProcess the general advice.
std::string captureRouteAdvice(const CaptureRoute& route);

// A message for a failed pcap_activate() (`code` is its return value, `pcapMessage` pcap_geterr()).
std::string describeActivateError(const std::string& device, int code, const std::string& pcapMessage);
// How to get capture rights for this program, for the route that applies now (captureRouteAdvice).
std::string captureRightsAdvice();

} // namespace synscope
