/* sipservice: pairing of SIP SERVICE requests with their final responses,
 * shared with the other modules of the plugin (the failure signatures).
 *
 * A transaction is one SERVICE request, identified by Call-ID, CSeq number and
 * direction (request source and destination addresses; responses travel the
 * other way). The first copy of the request opens it; later copies are
 * retransmissions; 1xx responses are provisional and do not end it; the first
 * final (>= 200) response ends it and further final responses are repeats.
 *
 * Lifetime and completeness:
 * - Everything returned lives in wmem_file_scope(): valid until the capture
 *   file is closed, never to be kept across files.
 * - The state is written while frames are dissected for the first time (by a
 *   postdissector). On the first pass it reflects only the frames dissected
 *   so far (and a postdissector that runs before this one on a frame does not
 *   see that frame yet); once PINFO_FD_VISITED(pinfo) it is complete, which is
 *   why tshark needs -2 for anything that depends on a later frame. In a tap
 *   listener PINFO_FD_VISITED is already TRUE on the first pass (the frame is
 *   flagged before taps run), so it cannot tell the passes apart there.
 */
#ifndef SIPSERVICE_H
#define SIPSERVICE_H

#include <epan/packet.h>

#include "sipservice-core.h"

/* What one SIP message of a frame is to its transaction. */
typedef enum {
    SIPSERVICE_ROLE_REQUEST,        /* first copy of a SERVICE request */
    SIPSERVICE_ROLE_RETRANSMISSION, /* another copy of an open request */
    SIPSERVICE_ROLE_PROVISIONAL,    /* 1xx response */
    SIPSERVICE_ROLE_FINAL,          /* the first final response: the one the pairing follows */
    SIPSERVICE_ROLE_FINAL_REPEAT,   /* a further final response (retransmitted by the server) */
    SIPSERVICE_ROLE_ORPHAN          /* response whose request is not in the capture (txn is NULL) */
} sipservice_role;

typedef struct {
    sipservice_kind kind;       /* from the request's Content-Type */
    const char *call_id;
    guint32 cseq;
    guint32 request_frame;      /* first copy of the request */
    nstime_t request_ts;        /* absolute time of request_frame */
    guint32 response_frame;     /* first final response, 0 when none was seen */
    guint status_code;          /* of response_frame, 0 when none was seen */
    nstime_t response_time;     /* response_frame - request_frame, when response_frame != 0 */
    guint32 retransmissions;    /* copies of the request after the first */
    guint32 provisionals;       /* 1xx responses seen */
} sipservice_txn;

typedef struct sipservice_msg {
    const sipservice_txn *txn;  /* NULL for SIPSERVICE_ROLE_ORPHAN */
    sipservice_role role;
    sipservice_kind kind;       /* the transaction's; an orphan's from its own Content-Type */
    const char *call_id;
    guint32 cseq;
    guint status_code;          /* of this message, 0 for requests */
    guint32 copy;               /* retransmission number (1 = first copy after the original) */
    const struct sipservice_msg *next; /* next SERVICE message of the same frame, or NULL */
} sipservice_msg;

/* Every SERVICE message of the frame in order (TCP segments can carry
 * several), NULL when there is none. */
const sipservice_msg *sipservice_frame_messages(guint32 frame);

/* The decision on a transaction with the timeout preference
 * (sipservice.timeout, default 30 s): SIPSERVICE_ANSWERED when a final
 * response was seen; SIPSERVICE_UNANSWERED when none was and the capture went
 * on for at least the timeout after the request; SIPSERVICE_PENDING when none
 * was but the capture ended sooner (the reply may still have come). Only
 * final once the first pass is over. */
sipservice_outcome sipservice_txn_outcome(const sipservice_txn *txn);

/* The timeout preference, in seconds. */
guint sipservice_timeout(void);

#endif
