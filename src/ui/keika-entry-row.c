#define G_LOG_DOMAIN "Keika"

#include "config.h"
