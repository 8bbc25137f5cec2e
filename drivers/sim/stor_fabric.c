// SPDX-License-Identifier: GPL-2.0
/*
 * The LIO fabric "hvg2_stor": how the simulated host's SCSI controllers
 * reach the kernel's own SCSI target, the way vhost-scsi and tcm_loop do.
 *
 *   /sys/kernel/config/target/hvg2_stor/N/            the controller N (the
 *                                                     sim device of class
 *                                                     scsi with that name)
 *   /sys/kernel/config/target/hvg2_stor/N/tpgt_1/     its one TPG
 *   .../tpgt_1/lun/lun_L -> target/core/<hba>/<dev>   LUN L, any backstore
 *
 * The TPG runs in demo mode: its one I_T nexus (the guest's initiator
 * port, made with the TPG) sees every LUN without ACLs. Linking or
 * unlinking a LUN tells the guest to rescan (ENUMERATE_BUS).
 *
 * Commands carry the guest's own pages as their scatterlist, so data moves
 * between the guest and the backstore without a copy in between. LIO is
 * done with those pages when it calls release_cmd; only then does the
 * guest get its answer (stor_req_done()).
 */
#include <linux/module.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/jhash.h>
#include <scsi/scsi_proto.h>
#include <target/target_core_base.h>
#include <target/target_core_fabric.h>
#include "stor.h"

struct stor_wwn {
	struct se_wwn se_wwn;
	char name[STOR_NAME_MAX];
	bool has_tpg;
};

struct stor_tpg {
	struct se_portal_group se_tpg;
	struct stor_wwn *wwn;
	u16 tag;
	struct se_session *sess;
	struct list_head node;		/* stor_tpgs, RCU */
};

static LIST_HEAD(stor_tpgs);
static DEFINE_MUTEX(stor_tpgs_lock);	/* writers of stor_tpgs */

static struct stor_tpg *to_stor_tpg(struct se_portal_group *se_tpg)
{
	return container_of(se_tpg, struct stor_tpg, se_tpg);
}

static struct stor_req *to_stor_req(struct se_cmd *cmd)
{
	return container_of(cmd, struct stor_req, se_cmd);
}

/* ---- commands ---- */

int stor_fabric_submit(const char *name, struct stor_req *req,
		       const struct stor_srb_info *info)
{
	struct se_cmd *cmd = &req->se_cmd;
	struct stor_tpg *tpg;
	int ret = -ENODEV;

	/*
	 * The TPG is freed only after a grace period and after LIO waited
	 * for every command of its session: once target_init_cmd() holds a
	 * session reference, the TPG outlives the command.
	 */
	rcu_read_lock();
	list_for_each_entry_rcu(tpg, &stor_tpgs, node) {
		if (strcmp(tpg->wwn->name, name))
			continue;
		ret = target_init_cmd(cmd, tpg->sess, req->sense, info->lun,
				      req->want,
				      TCM_SIMPLE_TAG, info->dir, 0) ? -ENODEV : 0;
		break;
	}
	rcu_read_unlock();
	if (ret)
		return ret;
	cmd->tag = req->tid;
	/* on failure LIO answered with a CHECK CONDITION and released it */
	if (target_submit_prep(cmd, req->ans.srb.cdb, req->sgl, req->nents,
			       NULL, 0, NULL, 0, GFP_KERNEL))
		return 0;
	target_submit(cmd);
	return 0;
}

/* Status, sense and transferred bytes into the answer. */
static int stor_queue_status(struct se_cmd *cmd)
{
	struct stor_req *req = to_stor_req(cmd);
	struct hvg2_vstor_srb *srb = &req->ans.srb;
	u32 want = req->want, done = want;

	if (cmd->se_cmd_flags & SCF_UNDERFLOW_BIT)
		done = cmd->residual_count < want ? want - cmd->residual_count : 0;
	srb->scsi_status = cmd->scsi_status;
	srb->sense_info_length = 0;
	memset(srb->sense_data, 0, sizeof(srb->sense_data));
	if (cmd->scsi_status == SAM_STAT_GOOD) {
		srb->srb_status = HVG2_SRB_STATUS_SUCCESS;
		srb->data_transfer_length = done;
		return 0;
	}
	srb->data_transfer_length = 0;
	/* a LUN that is not there: what Hyper-V says (stor_sense_no_lun()) */
	if (cmd->scsi_status == SAM_STAT_CHECK_CONDITION &&
	    stor_sense_no_lun(req->sense, min_t(u32, cmd->scsi_sense_length,
						sizeof(req->sense)))) {
		stor_no_lu(req, cmd->t_task_cdb);
		return 0;
	}
	/* as Hyper-V: an error status, and the sense when there is some */
	srb->srb_status = HVG2_SRB_STATUS_ERROR;
	if (cmd->scsi_status == SAM_STAT_CHECK_CONDITION &&
	    (cmd->se_cmd_flags & (SCF_TRANSPORT_TASK_SENSE |
				  SCF_EMULATED_TASK_SENSE))) {
		u32 n = min3((u32)req->sense_room, (u32)cmd->scsi_sense_length,
			     (u32)sizeof(srb->sense_data));

		memcpy(srb->sense_data, req->sense, n);
		srb->sense_info_length = n;
		srb->srb_status |= HVG2_SRB_STATUS_AUTOSENSE_VALID;
	}
	return 0;
}

static int stor_queue_data_in(struct se_cmd *cmd)
{
	return stor_queue_status(cmd);
}

/* The guest's pages already hold the data: execute at once. */
static int stor_write_pending(struct se_cmd *cmd)
{
	target_execute_cmd(cmd);
	return 0;
}

static int stor_check_stop_free(struct se_cmd *cmd)
{
	return transport_generic_free_cmd(cmd, 0);
}

/* LIO no longer touches the guest's pages: the guest may have them back. */
static void stor_release_cmd(struct se_cmd *cmd)
{
	stor_req_done(to_stor_req(cmd));
}

static void stor_queue_tm_rsp(struct se_cmd *cmd)
{
}

static void stor_aborted_task(struct se_cmd *cmd)
{
}

static int stor_get_cmd_state(struct se_cmd *cmd)
{
	return 0;
}

/* ---- TPG ---- */

static char *stor_tpg_get_wwn(struct se_portal_group *se_tpg)
{
	return to_stor_tpg(se_tpg)->wwn->name;
}

static u16 stor_tpg_get_tag(struct se_portal_group *se_tpg)
{
	return to_stor_tpg(se_tpg)->tag;
}

static int stor_tpg_yes(struct se_portal_group *se_tpg)
{
	return 1;
}

static int stor_tpg_no(struct se_portal_group *se_tpg)
{
	return 0;
}

static u32 stor_tpg_inst_index(struct se_portal_group *se_tpg)
{
	return 1;
}

static u32 stor_sess_index(struct se_session *sess)
{
	return 1;
}

static void stor_set_default_node_attrs(struct se_node_acl *acl)
{
}

static int stor_port_link(struct se_portal_group *se_tpg, struct se_lun *lun)
{
	stor_notify_bus_change(to_stor_tpg(se_tpg)->wwn->name);
	return 0;
}

static void stor_port_unlink(struct se_portal_group *se_tpg,
			     struct se_lun *lun)
{
	stor_notify_bus_change(to_stor_tpg(se_tpg)->wwn->name);
}

static struct se_portal_group *stor_make_tpg(struct se_wwn *se_wwn,
					     const char *name)
{
	struct stor_wwn *wwn = container_of(se_wwn, struct stor_wwn, se_wwn);
	char initiator[24];
	struct stor_tpg *tpg;
	u16 tag;
	int ret;

	if (strncmp(name, "tpgt_", 5) || kstrtou16(name + 5, 10, &tag) || !tag)
		return ERR_PTR(-EINVAL);
	tpg = kzalloc(sizeof(*tpg), GFP_KERNEL);
	if (!tpg)
		return ERR_PTR(-ENOMEM);
	tpg->wwn = wwn;
	tpg->tag = tag;

	mutex_lock(&stor_tpgs_lock);
	/* one TPG per controller: its target 0 */
	ret = -EEXIST;
	if (wwn->has_tpg)
		goto err_unlock;
	ret = core_tpg_register(se_wwn, &tpg->se_tpg, SCSI_PROTOCOL_SAS);
	if (ret)
		goto err_unlock;
	/* a SAS address for the guest's port, stable per controller name */
	snprintf(initiator, sizeof(initiator), "naa.5%07x%08x",
		 jhash(wwn->name, strlen(wwn->name), 0) & 0xfffffff, tag);
	tpg->sess = target_setup_session(&tpg->se_tpg, 0, 0,
					 TARGET_PROT_NORMAL, initiator, tpg,
					 NULL);
	if (IS_ERR(tpg->sess)) {
		ret = PTR_ERR(tpg->sess);
		goto err_deregister;
	}
	wwn->has_tpg = true;
	list_add_tail_rcu(&tpg->node, &stor_tpgs);
	mutex_unlock(&stor_tpgs_lock);
	return &tpg->se_tpg;

err_deregister:
	core_tpg_deregister(&tpg->se_tpg);
err_unlock:
	mutex_unlock(&stor_tpgs_lock);
	kfree(tpg);
	return ERR_PTR(ret);
}

static void stor_drop_tpg(struct se_portal_group *se_tpg)
{
	struct stor_tpg *tpg = to_stor_tpg(se_tpg);

	mutex_lock(&stor_tpgs_lock);
	list_del_rcu(&tpg->node);
	tpg->wwn->has_tpg = false;
	mutex_unlock(&stor_tpgs_lock);
	/* stor_fabric_submit() no longer finds it once readers are gone */
	synchronize_rcu();
	/* no new commands; wait for those LIO still holds, then let go */
	target_stop_session(tpg->sess);
	target_wait_for_sess_cmds(tpg->sess);
	target_remove_session(tpg->sess);
	core_tpg_deregister(se_tpg);
	kfree(tpg);
}

/* ---- WWN ---- */

static struct se_wwn *stor_make_wwn(struct target_fabric_configfs *tf,
				    struct config_group *group,
				    const char *name)
{
	struct stor_wwn *wwn;

	if (!*name || strlen(name) >= STOR_NAME_MAX)
		return ERR_PTR(-EINVAL);
	wwn = kzalloc(sizeof(*wwn), GFP_KERNEL);
	if (!wwn)
		return ERR_PTR(-ENOMEM);
	strscpy(wwn->name, name, sizeof(wwn->name));
	return &wwn->se_wwn;
}

static void stor_drop_wwn(struct se_wwn *se_wwn)
{
	kfree(container_of(se_wwn, struct stor_wwn, se_wwn));
}

static const struct target_core_fabric_ops stor_fabric_ops = {
	.module				= THIS_MODULE,
	.fabric_name			= "hvg2_stor",
	.tpg_get_wwn			= stor_tpg_get_wwn,
	.tpg_get_tag			= stor_tpg_get_tag,
	.tpg_check_demo_mode		= stor_tpg_yes,
	.tpg_check_demo_mode_cache	= stor_tpg_yes,
	.tpg_check_demo_mode_write_protect = stor_tpg_no,
	.tpg_check_prod_mode_write_protect = stor_tpg_no,
	.tpg_get_inst_index		= stor_tpg_inst_index,
	.check_stop_free		= stor_check_stop_free,
	.release_cmd			= stor_release_cmd,
	.sess_get_index			= stor_sess_index,
	.write_pending			= stor_write_pending,
	.set_default_node_attributes	= stor_set_default_node_attrs,
	.get_cmd_state			= stor_get_cmd_state,
	.queue_data_in			= stor_queue_data_in,
	.queue_status			= stor_queue_status,
	.queue_tm_rsp			= stor_queue_tm_rsp,
	.aborted_task			= stor_aborted_task,
	.fabric_make_wwn		= stor_make_wwn,
	.fabric_drop_wwn		= stor_drop_wwn,
	.fabric_make_tpg		= stor_make_tpg,
	.fabric_drop_tpg		= stor_drop_tpg,
	.fabric_post_link		= stor_port_link,
	.fabric_post_unlink		= stor_port_unlink,
#ifdef HVG2_HAVE_TARGET_SUBMIT_TYPE
	/* run commands in the channel's work: no extra hop for ramdisks */
	.direct_submit_supp		= 1,
	.default_submit_type		= TARGET_DIRECT_SUBMIT,
#endif
};

int stor_fabric_init(void)
{
	return target_register_template(&stor_fabric_ops);
}

void stor_fabric_exit(void)
{
	target_unregister_template(&stor_fabric_ops);
}
