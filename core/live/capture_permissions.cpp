#include "live/capture_permissions.h"

#include <cstdint>
#include <fstream>
#include <grp.h>
#include <pcap/pcap.h>
#include <pwd.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <vector>

#ifndef SYNSCOPE_INSTALL_BINDIR
#define SYNSCOPE_INSTALL_BINDIR "/usr/local/bin"
#endif

namespace synscope {

namespace {

constexpr const char* kHelperName = "synscope-capture";
constexpr const char* kGroupName = "synscope";
constexpr const char* kSetcap = "sudo setcap cap_net_raw,cap_net_admin=eip ";

bool isRegularFile(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string directoryOf(const std::string& path)
{
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool processInGroup(gid_t gid)
{
    if (::getegid() == gid || ::getgid() == gid)
        return true;
    const int n = ::getgroups(0, nullptr);
    std::vector<gid_t> groups(static_cast<std::size_t>(n > 0 ? n : 0));
    if (n > 0 && ::getgroups(n, groups.data()) == n)
        for (gid_t g : groups)
            if (g == gid)
                return true;
    return false;
}

// Whether the group database lists the user in `gid` (true after usermod -aG, before a new login).
bool userListedInGroup(const std::string& user, gid_t gid)
{
    const passwd* pw = ::getpwnam(user.c_str());
    if (!pw)
        return false;
    int n = 64;
    std::vector<gid_t> groups(static_cast<std::size_t>(n));
    if (::getgrouplist(user.c_str(), pw->pw_gid, groups.data(), &n) < 0) {
        groups.resize(static_cast<std::size_t>(n));
        if (::getgrouplist(user.c_str(), pw->pw_gid, groups.data(), &n) < 0)
            return false;
    }
    for (int i = 0; i < n; ++i)
        if (groups[static_cast<std::size_t>(i)] == gid)
            return true;
    return false;
}

std::string userName()
{
    if (const passwd* pw = ::getpwuid(::getuid()))
        return pw->pw_name;
    return std::to_string(::getuid());
}

} // namespace

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

std::string findCaptureHelper()
{
    const std::string nextToUs = directoryOf(currentExecutablePath()) + "/" + kHelperName;
    if (isRegularFile(nextToUs))
        return nextToUs;
    const std::string installed = std::string(SYNSCOPE_INSTALL_BINDIR) + "/" + kHelperName;
    if (isRegularFile(installed))
        return installed;
    return {};
}

bool fileHasCaptureCapabilities(const std::string& path)
{
    // struct vfs_cap_data (linux/capability.h), little-endian: magic_etc, then permitted and inheritable
    // of the low 32 capabilities. Read directly so neither libcap nor getcap is needed.
    std::uint8_t data[24] = {};
    const ssize_t n = ::getxattr(path.c_str(), "security.capability", data, sizeof data);
    if (n < 12)
        return false;
    auto le32 = [&](int at) {
        return static_cast<std::uint32_t>(data[at]) | static_cast<std::uint32_t>(data[at + 1]) << 8 |
               static_cast<std::uint32_t>(data[at + 2]) << 16 | static_cast<std::uint32_t>(data[at + 3]) << 24;
    };
    const std::uint32_t magic = le32(0), permitted = le32(4);
    const bool effective = magic & 0x000001u; // VFS_CAP_FLAGS_EFFECTIVE
    const std::uint32_t wanted = (1u << 12) | (1u << 13); // CAP_NET_ADMIN, CAP_NET_RAW
    return effective && (permitted & wanted) == wanted;
}

CaptureRoute captureRoute()
{
    CaptureRoute r;
    r.user = userName();
    if (processCanCapture()) {
        r.kind = CaptureRouteKind::InProcess;
        return r;
    }
    r.helperPath = findCaptureHelper();
    if (r.helperPath.empty()) {
        r.kind = CaptureRouteKind::NoHelper;
        return r;
    }
    // Where the package installs it (a build installed under /usr by hand is told setcap as well).
    r.packaged = r.helperPath == std::string("/usr/bin/") + kHelperName;
    struct stat st {};
    ::stat(r.helperPath.c_str(), &st);
    if (::access(r.helperPath.c_str(), X_OK) != 0) {
        const group* g = ::getgrgid(st.st_gid);
        const bool synscopeGroup = g && std::string(g->gr_name) == kGroupName;
        if (!synscopeGroup || (st.st_mode & S_IXGRP) == 0)
            r.kind = CaptureRouteKind::HelperNotExecutable;
        else if (!processInGroup(st.st_gid) && userListedInGroup(r.user, st.st_gid))
            r.kind = CaptureRouteKind::HelperNeedsNewLogin;
        else
            r.kind = CaptureRouteKind::HelperNotInGroup;
        return r;
    }
    r.kind = fileHasCaptureCapabilities(r.helperPath) ? CaptureRouteKind::Helper
                                                      : CaptureRouteKind::HelperWithoutCapabilities;
    return r;
}

std::string captureRouteAdvice(const CaptureRoute& r)
{
    const std::string self = "run it as root, or give it the capture capabilities once with: " +
                             std::string(kSetcap) + currentExecutablePath();
    switch (r.kind) {
    case CaptureRouteKind::InProcess: // rights granted but refused all the same: the general advice
        break;
    case CaptureRouteKind::Helper:
        return "the capture helper " + r.helperPath +
               " has the capture capabilities, but the kernel did not grant them (a file system mounted nosuid "
               "ignores them); run it as root";
    case CaptureRouteKind::HelperNotInGroup:
        return "the capture helper " + r.helperPath + " may be run by the " + kGroupName + " group only, and " +
               r.user + " is not in it. Add yourself once with: sudo usermod -aG " + kGroupName + " " + r.user +
               " — then log out and in again (or run it as root)";
    case CaptureRouteKind::HelperNeedsNewLogin:
        return std::string("you (") + r.user + ") are in the " + kGroupName +
               " group, but this session started before you were added: log out and in again (or start a "
               "shell with: newgrp " + kGroupName + ")";
    case CaptureRouteKind::HelperNotExecutable:
        return "the capture helper " + r.helperPath + " is not executable by " + r.user + "; " +
               (r.packaged ? "restore its rights with: sudo dpkg-reconfigure synscope"
                           : "make it executable (chmod 0755 " + r.helperPath + "), or " + self);
    case CaptureRouteKind::HelperWithoutCapabilities:
        if (r.packaged)
            return "the capture helper " + r.helperPath + " lacks its capabilities; restore them with: sudo "
                   "dpkg-reconfigure synscope (or: " + kSetcap + r.helperPath + ")";
        return "give the capture helper next to it the capabilities (again after each rebuild) with: " +
               std::string(kSetcap) + r.helperPath + " — or " + self;
    case CaptureRouteKind::NoHelper:
        break;
    }
    return self;
}

std::string captureRightsAdvice() { return captureRouteAdvice(captureRoute()); }

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
