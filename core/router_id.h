/* The router's identity as every part shows it: the chassis serial number
 * (`show version`'s Processor board ID, the serialNumber of a certificate
 * request). One place, so the two can never disagree. */
#ifndef VGW_ROUTER_ID_H
#define VGW_ROUTER_ID_H

const char	*router_serial_number(void);

#endif
