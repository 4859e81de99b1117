// SPDX-License-Identifier: GPL-3.0-or-later
// The emulator's MariaDB server auth plugin "AWSAuthenticationPlugin", so that RDS's own SQL,
// CREATE USER 'bob'@'%' IDENTIFIED WITH AWSAuthenticationPlugin AS 'RDS', makes an IAM user here too.
//
// It checks nothing itself: it hands the connection to MariaDB's own PAM plugin (auth_pam, already
// loaded by the emulator with pam_use_cleartext_plugin=ON) with the emulator's PAM service in place
// of the account's 'RDS' string. So an AWSAuthenticationPlugin user goes exactly the way of the
// emulator's "IDENTIFIED VIA pam USING '<service>'" users: the client answers a mysql_clear_password
// request (as with RDS) and the setuid auth_pam_tool runs PAM, whose pam_script calls verifier.py
// (TLS detection through mysql_proxy.py included).
//
// Built by tests/emulator/emulator at start, per instance:
//   cc -shared -fPIC -DMYSQL_DYNAMIC_PLUGIN -I/usr/include/mariadb/server
//      -DSIGNET_PAM_SERVICE='"signet-iam-mysql"' -DSIGNET_AUTH_PAM_SO='"/usr/lib/mysql/plugin/auth_pam.so"'
// (headers: Debian libmariadbd-dev).

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include <mysql/plugin_auth.h>

#ifndef SIGNET_PAM_SERVICE
#error "define SIGNET_PAM_SERVICE (the PAM service that checks tokens)"
#endif
#ifndef SIGNET_AUTH_PAM_SO
#error "define SIGNET_AUTH_PAM_SO (path of MariaDB's auth_pam.so)"
#endif

static struct st_mysql_auth *pam_plugin;
static const char pam_service[] = SIGNET_PAM_SERVICE;

// The account's string ('RDS' on Amazon RDS) is not a PAM service, so auth_pam must see ours. The
// server fills in the login (user name, account string) only when the plugin reads the client's
// first packet (a plugin usually starts with user_name == NULL), so the service is put in after
// every read, through this wrapper around the server's vio.
struct aws_vio
{
    MYSQL_PLUGIN_VIO base; // first: auth_pam calls base.read_packet(&base, ...)
    MYSQL_PLUGIN_VIO *server;
    MYSQL_SERVER_AUTH_INFO *info;
    const char *account_string;
    unsigned long account_string_length;
};

static void use_pam_service(struct aws_vio *v)
{
    if (v->info->auth_string != pam_service) {
        v->account_string = v->info->auth_string;
        v->account_string_length = v->info->auth_string_length;
    }
    v->info->auth_string = pam_service;
    v->info->auth_string_length = sizeof pam_service - 1;
}

static int aws_read_packet(MYSQL_PLUGIN_VIO *vio, unsigned char **buf)
{
    struct aws_vio *v = (struct aws_vio *)vio;
    int length = v->server->read_packet(v->server, buf);
    use_pam_service(v);
    return length;
}

static int aws_write_packet(MYSQL_PLUGIN_VIO *vio, const unsigned char *packet, int packet_len)
{
    struct aws_vio *v = (struct aws_vio *)vio;
    return v->server->write_packet(v->server, packet, packet_len);
}

static void aws_vio_info(MYSQL_PLUGIN_VIO *vio, MYSQL_PLUGIN_VIO_INFO *info)
{
    struct aws_vio *v = (struct aws_vio *)vio;
    v->server->info(v->server, info);
}

static int aws_authenticate(MYSQL_PLUGIN_VIO *vio, MYSQL_SERVER_AUTH_INFO *info)
{
    struct aws_vio v;
    int result;

    v.base.read_packet = aws_read_packet;
    v.base.write_packet = aws_write_packet;
    v.base.info = aws_vio_info;
    v.server = vio;
    v.info = info;
    v.account_string = info->auth_string;
    v.account_string_length = info->auth_string_length;
    use_pam_service(&v);
    result = pam_plugin->authenticate_user(&v.base, info);
    info->auth_string = v.account_string; // the server's own again
    info->auth_string_length = v.account_string_length;
    return result;
}

static struct st_mysql_auth aws_auth_info = {
    MYSQL_AUTHENTICATION_INTERFACE_VERSION,
    "mysql_clear_password", // as RDS: the token travels as a cleartext password (over TLS)
    aws_authenticate,
    NULL, // no IDENTIFIED BY 'password': the account holds no secret
    NULL,
};

// Finds the "pam" plugin in the auth_pam.so that mariadbd has loaded (--plugin-load-add=auth_pam,
// listed before this plugin). RTLD_NOLOAD: a fresh, uninitialised copy would not know its tool path.
static int aws_init(void *unused)
{
    void *handle = dlopen(SIGNET_AUTH_PAM_SO, RTLD_NOW | RTLD_NOLOAD);
    struct st_maria_plugin *decl;
    int *decl_size;
    (void)unused;

    if (!handle) {
        fprintf(stderr, "AWSAuthenticationPlugin: auth_pam is not loaded (%s)\n", SIGNET_AUTH_PAM_SO);
        return 1;
    }
    decl = (struct st_maria_plugin *)dlsym(handle, "_maria_plugin_declarations_");
    decl_size = (int *)dlsym(handle, "_maria_sizeof_struct_st_plugin_");
    if (!decl || !decl_size || *decl_size != (int)sizeof(struct st_maria_plugin)) {
        fprintf(stderr, "AWSAuthenticationPlugin: unexpected auth_pam plugin declarations\n");
        return 1;
    }
    for (; decl->name; ++decl) {
        if (decl->type == MYSQL_AUTHENTICATION_PLUGIN && strcmp(decl->name, "pam") == 0) {
            pam_plugin = (struct st_mysql_auth *)decl->info;
            break;
        }
    }
    if (!pam_plugin || pam_plugin->interface_version != MYSQL_AUTHENTICATION_INTERFACE_VERSION) {
        fprintf(stderr, "AWSAuthenticationPlugin: no usable \"pam\" plugin in auth_pam\n");
        pam_plugin = NULL;
        return 1;
    }
    return 0;
}

maria_declare_plugin(aws_auth){
    MYSQL_AUTHENTICATION_PLUGIN,
    &aws_auth_info,
    "AWSAuthenticationPlugin",
    "Signet RDS emulator",
    "Amazon RDS IAM authentication, emulated: the token is checked by the emulator's PAM service",
    PLUGIN_LICENSE_GPL,
    aws_init,
    NULL,
    0x0100,
    NULL,
    NULL,
    "1.0",
    MariaDB_PLUGIN_MATURITY_GAMMA, // mariadbd refuses EXPERIMENTAL by default (--plugin-maturity=gamma)
} maria_declare_plugin_end;
