#include "live/interfaces.h"

#include "live/capture_permissions.h"
#include "filter/bpf_filter.h"

#include <arpa/inet.h>
#include <fstream>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <sstream>

namespace synscope {

namespace {

int prefixLength(const sockaddr* mask)
{
    if (!mask)
        return -1;
    const std::uint8_t* b = nullptr;
    std::size_t n = 0;
    if (mask->sa_family == AF_INET) {
        b = reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
        n = 4;
    } else if (mask->sa_family == AF_INET6) {
        b = reinterpret_cast<const std::uint8_t*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
        n = 16;
    } else {
        return -1;
    }
    int bits = 0;
    for (std::size_t i = 0; i < n; ++i)
        bits += __builtin_popcount(b[i]);
    return bits;
}

std::string addressText(const sockaddr* a)
{
    char buf[INET6_ADDRSTRLEN] = {};
    if (a->sa_family == AF_INET)
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(a)->sin_addr, buf, sizeof buf);
    else if (a->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(a)->sin6_addr, buf, sizeof buf);
    return buf;
}

} // namespace

std::vector<CaptureDevice> listCaptureDevices(std::string& error)
{
    std::vector<CaptureDevice> out;
    pcap_if_t* all = nullptr;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    if (pcap_findalldevs(&all, errbuf) != 0) {
        error = std::string("cannot list the network interfaces: ") + errbuf;
        return out;
    }
    for (pcap_if_t* d = all; d; d = d->next) {
        CaptureDevice c;
        c.name = d->name;
        c.description = d->description ? d->description : "";
        c.up = d->flags & PCAP_IF_UP;
        c.running = d->flags & PCAP_IF_RUNNING;
        c.loopback = d->flags & PCAP_IF_LOOPBACK;
        c.wireless = d->flags & PCAP_IF_WIRELESS;
        for (pcap_addr_t* a = d->addresses; a; a = a->next) {
            if (!a->addr || (a->addr->sa_family != AF_INET && a->addr->sa_family != AF_INET6))
                continue;
            std::string text = addressText(a->addr);
            const int prefix = prefixLength(a->netmask);
            if (prefix >= 0)
                text += "/" + std::to_string(prefix);
            c.addresses.push_back(text);
        }
        out.push_back(std::move(c));
    }
    pcap_freealldevs(all);
    return out;
}

std::vector<LinkTypeChoice> listLinkTypes(const std::string& device, std::string& error)
{
    std::vector<LinkTypeChoice> out;
    char errbuf[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_create(device.c_str(), errbuf);
    if (!p) {
        error = errbuf;
        return out;
    }
    const int rc = pcap_activate(p);
    if (rc < 0) {
        error = describeActivateError(device, rc, pcap_geterr(p));
        pcap_close(p);
        return out;
    }
    int* dlts = nullptr;
    const int n = pcap_list_datalinks(p, &dlts);
    for (int i = 0; i < n; ++i) {
        LinkTypeChoice c;
        const int dlt = dlts[i];
        c.linkType = static_cast<std::uint32_t>(dlt == DLT_RAW ? 101 : dlt);
        const char* name = pcap_datalink_val_to_name(dlt);
        const char* description = pcap_datalink_val_to_description(dlt);
        c.name = name ? name : std::to_string(dlt);
        c.description = description ? description : c.name;
        out.push_back(c);
    }
    if (dlts)
        pcap_free_datalinks(dlts);
    pcap_close(p);
    return out;
}

std::string linkTypeText(std::uint32_t linkType)
{
    const int dlt = dltForLinkType(linkType);
    const char* name = pcap_datalink_val_to_name(dlt);
    const char* description = pcap_datalink_val_to_description(dlt);
    if (!name)
        return "link type " + std::to_string(linkType);
    return std::string(name) + " (" + (description ? description : name) + ")";
}

std::int64_t linkTypeFromName(const std::string& name)
{
    if (!name.empty() && name.find_first_not_of("0123456789") == std::string::npos)
        return std::stoll(name.substr(0, 9));
    const int dlt = pcap_datalink_name_to_val(name.c_str());
    if (dlt < 0)
        return -1;
    return dlt == DLT_RAW ? 101 : dlt;
}

std::vector<InterfaceCounters> readInterfaceCounters()
{
    std::vector<InterfaceCounters> out;
    std::ifstream in("/proc/net/dev");
    std::string line;
    // Two header lines, then "  name: rx_bytes rx_packets ... (8 receive fields) tx_bytes tx_packets ...".
    for (int header = 0; header < 2 && std::getline(in, line); ++header) {
    }
    while (std::getline(in, line)) {
        const auto colon = line.find(':');
        if (colon == std::string::npos)
            continue;
        InterfaceCounters c;
        c.name = line.substr(0, colon);
        c.name.erase(0, c.name.find_first_not_of(' '));
        std::istringstream fields(line.substr(colon + 1));
        std::uint64_t v[16] = {};
        for (auto& x : v)
            fields >> x;
        c.bytes = v[0] + v[8];
        c.packets = v[1] + v[9];
        out.push_back(c);
    }
    return out;
}

} // namespace synscope
