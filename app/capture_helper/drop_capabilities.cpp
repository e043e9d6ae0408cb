#include "drop_capabilities.h"

#include <cerrno>
#include <cstring>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace synscope::helper {

bool dropAllCapabilities(std::string& error)
{
    // The raw system calls: libcap would be one more library in a privileged program for two calls.
    __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
    __user_cap_data_struct none[_LINUX_CAPABILITY_U32S_3] = {};
    if (::syscall(SYS_capset, &header, none) != 0) {
        error = std::string("cannot give up the capture capabilities: ") + std::strerror(errno);
        return false;
    }
    // Ambient capabilities go with the permitted ones; cleared explicitly all the same (EINVAL before 4.3).
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
        error = std::string("cannot clear the ambient capabilities: ") + std::strerror(errno);
        return false;
    }
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        error = std::string("cannot set no_new_privs: ") + std::strerror(errno);
        return false;
    }
    // Verified, not assumed: a kernel that ignored the request must not leave a capture running privileged.
    __user_cap_data_struct now[_LINUX_CAPABILITY_U32S_3] = {};
    header = {_LINUX_CAPABILITY_VERSION_3, 0};
    if (::syscall(SYS_capget, &header, now) != 0) {
        error = std::string("cannot read the capabilities back: ") + std::strerror(errno);
        return false;
    }
    for (const auto& d : now)
        if (d.effective || d.permitted || d.inheritable) {
            error = "the capabilities are still held after giving them up; refusing to capture";
            return false;
        }
    return true;
}

} // namespace synscope::helper
