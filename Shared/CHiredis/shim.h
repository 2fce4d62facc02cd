#ifndef INKSTUDIO_CHIREDIS_SHIM_H
#define INKSTUDIO_CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
#endif
