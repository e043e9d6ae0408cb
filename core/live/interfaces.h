#pragma once
// The network interfaces libpcap can capture on (pcap_findalldevs), with their addresses, state, and
// the link types each offers.
#include <cstdint>
#include <string>
#include <vector>

namespace synscope {

struct CaptureDevice {
    std::string name;        // "eth0", "lo", "any"
    std::string description; // libpcap's, e.g. "Pseudo-device that captures on all interfaces"
    std::vector<std::string> addresses; // "192.0.2.10/24", "fe80::1/64"
    bool up = false, running = false, loopback = false, wireless = false;
};

struct LinkTypeChoice {
    std::uint32_t linkType = 0; // LINKTYPE_ value
    std::string name;           // "EN10MB", "LINUX_SLL2"
    std::string description;    // "Ethernet", "Linux cooked v2"
};

// Lists every capture device; `error` is set (and the list empty) when libpcap cannot list them.
std::vector<CaptureDevice> listCaptureDevices(std::string& error);

// The link types `device` offers. Opening a device needs capture rights; without them `error` explains.
std::vector<LinkTypeChoice> listLinkTypes(const std::string& device, std::string& error);

// "EN10MB (Ethernet)", as tcpdump names a link type in its "listening on" line.
std::string linkTypeText(std::uint32_t linkType);
// The LINKTYPE_ value for a name tcpdump -y accepts ("EN10MB", "LINUX_SLL2") or a number; -1 if unknown.
std::int64_t linkTypeFromName(const std::string& name);

// Packets and bytes each interface has seen, from /proc/net/dev (no capture rights needed): for the
// traffic sparklines of the interface picker.
struct InterfaceCounters {
    std::string name;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};
std::vector<InterfaceCounters> readInterfaceCounters();

} // namespace synscope
