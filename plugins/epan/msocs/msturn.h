/* What msturn hands ocstriage about the MS-TURN messages of a frame.
 *
 * ocstriage reads most facts from other dissectors' fields, which makes every
 * tree it primes keep them. MS-TURN messages are most packets of a relayed
 * call and would each keep a dozen such fields, so msturn hands over the few
 * facts directly: one record per message, in dissection order, written on the
 * first look at a frame and valid while the frame is dissected
 * (pinfo->pool). Each member says which msturn field it stands for. */
#ifndef MSTURN_H
#define MSTURN_H

#include <wireshark.h>
#include <epan/packet.h>
#include <epan/address.h>

#include "msturn-wire.h"

typedef struct msturn_summary {
    guint16 type;           /* msturn.type */
    msturn_kind kind;       /* msturn.class */
    gboolean credentials;   /* msturn.username, .realm, .nonce and .message_integrity all present */
    guint error_code;       /* msturn.error_code, 0 when absent */
    guint32 response_to;    /* msturn.response_to, 0 when absent */
    guint32 mras_frame;     /* msturn.mras_frame, 0 when absent */
    const char *integrity;  /* msturn.integrity_status, NULL when absent */
    address mapped;         /* msturn.mapped_address(_v6), AT_NONE when absent */
    guint32 request_frame;  /* a request's first copy (its own frame unless a retransmission), else 0 */
    const guint8 *txid;     /* msturn.transaction_id; NULL, 0 when cut short */
    guint txid_len;
    struct msturn_summary *next;
} msturn_summary;

/* Whether the MS-TURN request first sent in frame req_frame went unanswered:
 * no message with its transaction id came back to the requester, from any
 * address, and the capture went on at least msturn.response_timeout seconds
 * after its last retransmission (*waited gets that time). Never an ICE
 * connectivity check (Binding) or an indication (Send). Final once the first
 * pass is over. */
gboolean msturn_request_unanswered(guint32 req_frame, double *waited);

/* The msturn.response_timeout preference, in seconds. */
guint msturn_response_timeout(void);

/* The records of this frame's first look, NULL when it has none. */
const msturn_summary *msturn_frame_summary(packet_info *pinfo);

#endif
