/* Registration functions of the protocols in the msocs plugin. */
#ifndef MSOCS_H
#define MSOCS_H

#include <string.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/column.h>

void proto_register_msdiag(void);
void proto_reg_handoff_msdiag(void);
void proto_register_mras(void);
void proto_reg_handoff_mras(void);
void proto_register_msturn(void);
void proto_reg_handoff_msturn(void);
void proto_register_msturn_mux(void);
void proto_reg_handoff_msturn_mux(void);
void proto_register_sipservice(void);
void proto_reg_handoff_sipservice(void);
void proto_register_ocstriage(void);
void proto_reg_handoff_ocstriage(void);
void proto_register_qoe(void);
void proto_reg_handoff_qoe(void);
void proto_register_msocs_flow(void);
void proto_reg_handoff_msocs_flow(void);

#include "msocs-policy.h"

#endif
