#pragma once
// What to tell a user whom libpcap refused: exactly what is missing and the command that fixes it.
#include <string>

namespace synscope {

// The running program's real path (/proc/self/exe), e.g. "/usr/bin/synscope-cli".
std::string currentExecutablePath();
// Whether this process may capture (root, or CAP_NET_RAW and CAP_NET_ADMIN in its effective set).
bool processCanCapture();
// A message for a failed pcap_activate() (`code` is its return value, `pcapMessage` pcap_geterr()).
std::string describeActivateError(const std::string& device, int code, const std::string& pcapMessage);
// How to get capture rights for this program: run as root, or the setcap command for its real path.
std::string captureRightsAdvice();

} // namespace synscope
