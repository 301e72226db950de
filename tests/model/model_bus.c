/* SPDX-License-Identifier: BSD-3-Clause */
/* IPMMU model: one window per instance on the test bus (tests/support). */
#include "ipmmu_model.h"
#include "mmio_bus.h"

int ipfw_model_attach(struct ipfw_model *m)
{
	if (!m)
		return -1;
	for (unsigned int i = 0; i < m->num_inst; i++) {
		const struct ipfw_bus_device dev = {
			.name = m->inst[i].name,
			.base = m->inst[i].base,
			.size = m->cfg.window,
			.read = ipfw_model_dev_read,
			.write = ipfw_model_dev_write,
			.ctx = &m->inst[i],
		};

		if (ipfw_bus_attach(&dev) != 0)
			return -1;
	}
	return 0;
}
