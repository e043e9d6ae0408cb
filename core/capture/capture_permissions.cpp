#include "capture_permissions.h"

#include <fstream>
#include <pcap/pcap.h>
#include <sstream>
#include <unistd.h>

namespace synscope {

std::string currentExecutablePath()
{
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return "synscope-cli";
    buf[n] = '\0';
    return buf;
}

bool processCanCapture()
{
    if (::geteuid() == 0)
        return true;
    // CapEff in /proc/self/status: CAP_NET_ADMIN is bit 12, CAP_NET_RAW bit 13.
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("CapEff:", 0) == 0) {
            std::istringstream hex(line.substr(7));
            unsigned long long caps = 0;
            hex >> std::hex >> caps;
            return (caps & (1ull << 13)) && (caps & (1ull << 12));
        }
    }
    return false;
}

std::string captureRightsAdvice()
{
    return "run it as root, or give it the capture capabilities once with: sudo setcap "
           "cap_net_raw,cap_net_admin=eip " +
           currentExecutablePath();
}

std::string describeActivateError(const std::string& device, int code, const std::string& pcapMessage)
{
    switch (code) {
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
        return "no permission to capture on " + device + " (" + pcapMessage +
               "). Capturing needs the CAP_NET_RAW and CAP_NET_ADMIN capabilities: " + captureRightsAdvice();
    case PCAP_ERROR_NO_SUCH_DEVICE:
        return "there is no interface named \"" + device + "\" (" + pcapMessage +
               "); 'synscope-cli interfaces' lists the ones there are";
    case PCAP_ERROR_IFACE_NOT_UP:
        return "interface " + device + " is down; bring it up with: sudo ip link set " + device + " up";
    case PCAP_ERROR_RFMON_NOTSUP:
        return "interface " + device + " does not support monitor mode (" + pcapMessage + ")";
    default:
        return "cannot capture on " + device + ": " + pcapMessage;
    }
}

} // namespace synscope
