/* MS-TURN (OCS 2007) Allocate client built on libnice's STUN usage in
 * STUN_USAGE_TURN_COMPATIBILITY_OC2007 mode, for making test captures.
 *
 *   msturn-oc2007-client HOST PORT USERNAME_B64 PASSWORD_B64
 *
 * Sends an Allocate without credentials, follows the 401 challenge (REALM,
 * NONCE) with an authenticated Allocate built from the 401 as libnice does
 * for pidgin-sipe, and prints what the Edge answered. Username and password
 * are given base64-encoded as MRAS issues them and decoded before use, which
 * is what goes on the wire. Exit status 0 on a relay allocation, 2 on an
 * error response, 1 on local or network failure. */
#include <arpa/inet.h>
#include <glib.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <stun/stunagent.h>
#include <stun/usages/turn.h>

static guint8 *g_password;
static gsize g_password_len;

static bool
validater(StunAgent *agent, StunMessage *message, uint8_t *username, uint16_t username_len,
          uint8_t **password, size_t *password_len, void *user_data)
{
    *password = g_password;
    *password_len = g_password_len;
    return true;
}

static ssize_t
exchange(int fd, const struct sockaddr_in *edge, const uint8_t *req, size_t req_len,
         uint8_t *resp, size_t resp_size)
{
    if (sendto(fd, req, req_len, 0, (const struct sockaddr *)edge, sizeof *edge) != (ssize_t)req_len) {
        perror("sendto");
        return -1;
    }
    ssize_t n = recv(fd, resp, resp_size, 0);
    if (n < 0)
        perror("recv");
    return n;
}

static void
print_addr(const char *what, const struct sockaddr_storage *ss)
{
    char text[INET6_ADDRSTRLEN] = "?";
    const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
    if (ss->ss_family == AF_INET) {
        inet_ntop(AF_INET, &sin->sin_addr, text, sizeof text);
        printf("%s %s:%u\n", what, text, ntohs(sin->sin_port));
    }
}

int
main(int argc, char **argv)
{
    StunAgent agent;
    StunMessage req, resp;
    uint8_t reqbuf[STUN_MAX_MESSAGE_SIZE], respbuf[STUN_MAX_MESSAGE_SIZE];
    guint8 *username;
    gsize username_len;
    struct sockaddr_in edge;
    struct timeval tv = { 2, 0 };
    int fd;

    if (argc != 5) {
        fprintf(stderr, "usage: %s HOST PORT USERNAME_B64 PASSWORD_B64\n", argv[0]);
        return 1;
    }
    username = g_base64_decode(argv[3], &username_len);
    g_password = g_base64_decode(argv[4], &g_password_len);

    memset(&edge, 0, sizeof edge);
    edge.sin_family = AF_INET;
    edge.sin_port = htons((uint16_t)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &edge.sin_addr) != 1)
        return 1;
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);

    stun_agent_init(&agent, STUN_ALL_KNOWN_ATTRIBUTES, STUN_COMPATIBILITY_OC2007,
                    STUN_AGENT_USAGE_LONG_TERM_CREDENTIALS | STUN_AGENT_USAGE_NO_ALIGNED_ATTRIBUTES);

    StunMessage *previous = NULL;
    for (int round = 0; round < 3; round++) {
        size_t len = stun_usage_turn_create(&agent, &req, reqbuf, sizeof reqbuf, previous,
                                            STUN_USAGE_TURN_REQUEST_PORT_NORMAL, -1, -1,
                                            username, username_len, g_password, g_password_len,
                                            STUN_USAGE_TURN_COMPATIBILITY_OC2007);
        if (len == 0) {
            fprintf(stderr, "stun_usage_turn_create failed\n");
            return 1;
        }
        ssize_t n = exchange(fd, &edge, reqbuf, len, respbuf, sizeof respbuf);
        if (n <= 0)
            return 1;
        StunValidationStatus v = stun_agent_validate(&agent, &resp, respbuf, (size_t)n, validater, NULL);
        printf("round %d: %zu-byte request, %zd-byte response, validation %d\n", round, len, n, v);
        if (v != STUN_VALIDATION_SUCCESS && v != STUN_VALIDATION_UNAUTHORIZED)
            return 1;

        struct sockaddr_storage relay, mapped, alternate;
        socklen_t relay_len = sizeof relay, mapped_len = sizeof mapped, alt_len = sizeof alternate;
        uint32_t bandwidth = 0, lifetime = 0;
        StunUsageTurnReturn r = stun_usage_turn_process(&resp, &relay, &relay_len, &mapped, &mapped_len,
                                                        &alternate, &alt_len, &bandwidth, &lifetime,
                                                        STUN_USAGE_TURN_COMPATIBILITY_OC2007);
        int code = -1;
        switch (r) {
        case STUN_USAGE_TURN_RETURN_RELAY_SUCCESS:
        case STUN_USAGE_TURN_RETURN_MAPPED_SUCCESS:
            print_addr("relay", &relay);
            print_addr("mapped", &mapped);
            printf("lifetime %u\n", lifetime);
            return 0;
        case STUN_USAGE_TURN_RETURN_ERROR:
            stun_message_find_error(&resp, &code);
            printf("error %d\n", code);
            if (code != 401)
                return 2;
            /* Challenge: the next Allocate echoes REALM and NONCE. */
            previous = &resp;
            break;
        case STUN_USAGE_TURN_RETURN_ALTERNATE_SERVER:
            print_addr("alternate", &alternate);
            previous = &resp;
            break;
        default:
            printf("invalid response\n");
            return 1;
        }
    }
    return 1;
}
