// synscope-cli interfaces [--json] [--link-types IFACE]
#include "command_line.h"
#include "commands.h"

#include "live/capture_permissions.h"
#include "live/interfaces.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cstdio>

namespace synscope::cli {

namespace {

// The link types one interface offers (as tcpdump -L).
int printLinkTypes(const std::string& device, bool json)
{
    std::string error;
    const std::vector<LinkTypeChoice> types = listLinkTypes(device, error);
    if (types.empty()) {
        printError(error.empty() ? "interface " + device + " offers no link type" : error);
        return kUnreadable;
    }
    if (json) {
        QJsonArray a;
        for (const LinkTypeChoice& t : types)
            a.append(QJsonObject{{"linktype", static_cast<qint64>(t.linkType)},
                                 {"name", QString::fromStdString(t.name)},
                                 {"description", QString::fromStdString(t.description)}});
        std::printf("%s\n", QJsonDocument(a).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("Data link types for %s (use option -y to set):\n", device.c_str());
        for (const LinkTypeChoice& t : types)
            std::printf("  %s (%s)\n", t.name.c_str(), t.description.c_str());
    }
    return kOk;
}

void printDevicesJson(const std::vector<CaptureDevice>& devices)
{
    QJsonArray a;
    for (const CaptureDevice& d : devices) {
        QJsonArray addresses;
        for (const std::string& x : d.addresses)
            addresses.append(QString::fromStdString(x));
        a.append(QJsonObject{{"name", QString::fromStdString(d.name)},
                             {"description", QString::fromStdString(d.description)},
                             {"addresses", addresses},
                             {"up", d.up},
                             {"running", d.running},
                             {"loopback", d.loopback},
                             {"wireless", d.wireless}});
    }
    std::printf("%s\n", QJsonDocument(a).toJson(QJsonDocument::Compact).constData());
}

// One line per interface, as tcpdump -D prints them, with the addresses.
void printDevicesText(const std::vector<CaptureDevice>& devices)
{
    int n = 0;
    for (const CaptureDevice& d : devices) {
        std::string flags;
        auto add = [&](bool on, const char* what) {
            if (on)
                flags += (flags.empty() ? "" : ", ") + std::string(what);
        };
        add(d.up, "Up");
        add(d.running, "Running");
        add(d.loopback, "Loopback");
        add(d.wireless, "Wireless");
        std::printf("%d.%s", ++n, d.name.c_str());
        if (!d.description.empty())
            std::printf(" (%s)", d.description.c_str());
        if (!flags.empty())
            std::printf(" [%s]", flags.c_str());
        for (const std::string& x : d.addresses)
            std::printf(" %s", x.c_str());
        std::printf("\n");
    }
}

} // namespace

int runInterfaces(const QStringList& arguments)
{
    CommandLine line("interfaces", "Lists the interfaces libpcap can capture on (as tcpdump -D), with their "
                                   "addresses; --link-types IFACE lists the link types one offers (as tcpdump -L).");
    const QCommandLineOption json("json", "One JSON array of interfaces.");
    const QCommandLineOption linkTypes("link-types", "The link types IFACE can capture with.", "IFACE");
    line.addOptions({json, linkTypes});
    int exitCode = kOk;
    if (!line.parse(arguments, exitCode))
        return exitCode;
    if (line.isSet(linkTypes))
        return printLinkTypes(line.value(linkTypes).toStdString(), line.isSet(json));
    std::string error;
    const std::vector<CaptureDevice> devices = listCaptureDevices(error);
    if (!error.empty()) {
        printError(error);
        return kUnreadable;
    }
    if (line.isSet(json)) {
        printDevicesJson(devices);
        return kOk;
    }
    printDevicesText(devices);
    if (devices.empty()) {
        printError(captureRoute().canCapture() ? "libpcap found no interface to capture on"
                                               : "no interface found; listing them needs capture rights: " +
                                                     captureRightsAdvice());
        return kUnreadable;
    }
    return kOk;
}

} // namespace synscope::cli
