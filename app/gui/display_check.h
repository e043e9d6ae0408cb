#pragma once
// Whether the desktop program has a display to open its window on, decided before QApplication exists:
// without one Qt aborts ("Reinstalling the application may fix this problem", status 134), which says
// nothing useful to someone who started synscope over SSH or after `su -`.

namespace synscope {

// A platform chosen explicitly (QT_QPA_PLATFORM, or -platform NAME among `argv`: offscreen, vnc, eglfs …)
// is taken as it is. Otherwise Qt's xcb platform needs DISPLAY, and its wayland platform WAYLAND_DISPLAY
// (which every Wayland compositor gives its clients). Always true off Linux and the BSDs.
bool displayAvailable(int argc, char** argv);

} // namespace synscope
