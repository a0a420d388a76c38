/* What other protocols of the suite see of mras: the values of mras.type and
 * the ms-diagnostics component name of the MRAS service. (The credentials
 * msturn verifies with are in mras-store.h.) */
#ifndef MRAS_H
#define MRAS_H

/* mras.type */
enum { MRAS_TYPE_REQUEST = 1, MRAS_TYPE_RESPONSE = 2, MRAS_TYPE_PROVISIONING = 3 };

/* The component an Edge names in ms-diagnostics when MRAS refuses ([MS-OCER]) */
#define MRAS_COMPONENT "Media Relay Authentication Service"

#endif
